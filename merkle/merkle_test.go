package merkle

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/crypto/sha3"

	"github.com/swarm-ledger/swarm/events"
)

// vectorFile mirrors testdata/merkle_vectors.json, written by
// testdata/ozmerkle/gen.mjs from @openzeppelin/merkle-tree.
type vectorFile struct {
	Generator    string       `json:"generator"`
	LeafEncoding []string     `json:"leafEncoding"`
	Cases        []vectorCase `json:"cases"`
}

type vectorCase struct {
	Name   string       `json:"name"`
	Root   string       `json:"root"`
	Leaves []vectorLeaf `json:"leaves"`
}

type vectorLeaf struct {
	Address  string   `json:"address"`
	Amount   string   `json:"amount"`
	LeafHash string   `json:"leafHash"`
	Proof    []string `json:"proof"`
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "merkle_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v vectorFile
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v.LeafEncoding, []string{"address", "uint256"}) {
		t.Fatalf("leaf encoding %v, want [address uint256]", v.LeafEncoding)
	}
	if len(v.Cases) < 10 {
		t.Fatalf("only %d vector cases", len(v.Cases))
	}
	return v
}

// leaves converts the case's leaves, in file order.
func (c vectorCase) leaves(t *testing.T) []Leaf {
	t.Helper()
	out := make([]Leaf, len(c.Leaves))
	for i, vl := range c.Leaves {
		a, err := events.ParseAddress(vl.Address)
		if err != nil {
			t.Fatal(err)
		}
		amt, ok := new(big.Int).SetString(vl.Amount, 10)
		if !ok {
			t.Fatalf("bad amount %q", vl.Amount)
		}
		out[i] = Leaf{Earner: a, Cumulative: amt}
	}
	return out
}

func formatProof(p [][32]byte) []string {
	out := make([]string, len(p))
	for i, h := range p {
		out[i] = FormatHash(h)
	}
	return out
}

func TestOpenZeppelinVectors(t *testing.T) {
	v := loadVectors(t)
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			leaves := c.leaves(t)
			tree, err := BuildTree(leaves)
			if err != nil {
				t.Fatal(err)
			}
			if got := FormatHash(tree.Root()); got != c.Root {
				t.Fatalf("root %s, want %s", got, c.Root)
			}
			if tree.Len() != len(leaves) {
				t.Fatalf("Len %d, want %d", tree.Len(), len(leaves))
			}
			for i, vl := range c.Leaves {
				l := leaves[i]
				if got := FormatHash(LeafHash(l.Earner, l.Cumulative)); got != vl.LeafHash {
					t.Errorf("%s: leaf hash %s, want %s", vl.Address, got, vl.LeafHash)
				}
				proof, ok := tree.Proof(l.Earner)
				if !ok {
					t.Fatalf("%s: no proof", vl.Address)
				}
				if got := formatProof(proof); !slices.Equal(got, vl.Proof) {
					t.Errorf("%s: proof\n %v\nwant\n %v", vl.Address, got, vl.Proof)
				}
			}
		})
	}
}

func TestVerifyProofAcceptsAndRejects(t *testing.T) {
	v := loadVectors(t)
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			leaves := c.leaves(t)
			tree, err := BuildTree(leaves)
			if err != nil {
				t.Fatal(err)
			}
			root := tree.Root()
			for i, l := range leaves {
				leaf := LeafHash(l.Earner, l.Cumulative)
				proof, _ := tree.Proof(l.Earner)
				if !VerifyProof(root, leaf, proof) {
					t.Fatalf("%s: valid proof rejected", l.Earner)
				}
				more := new(big.Int).Add(l.Cumulative, big.NewInt(1))
				if more.BitLen() <= 256 && VerifyProof(root, LeafHash(l.Earner, more), proof) {
					t.Errorf("%s: proof accepted for amount+1", l.Earner)
				}
				other := l.Earner
				other[19] ^= 1
				if VerifyProof(root, LeafHash(other, l.Cumulative), proof) {
					t.Errorf("%s: proof accepted for another earner", l.Earner)
				}
				if len(leaves) > 1 {
					o := leaves[(i+1)%len(leaves)]
					if VerifyProof(root, LeafHash(o.Earner, o.Cumulative), proof) {
						t.Errorf("%s: proof accepted for another leaf", l.Earner)
					}
				}
				for j := range proof {
					bad := slices.Clone(proof)
					bad[j][j%32] ^= 0x80
					if VerifyProof(root, leaf, bad) {
						t.Errorf("%s: proof with element %d tampered accepted", l.Earner, j)
					}
				}
				if len(proof) > 0 && VerifyProof(root, leaf, proof[:len(proof)-1]) {
					t.Errorf("%s: truncated proof accepted", l.Earner)
				}
				badRoot := root
				badRoot[31] ^= 1
				if VerifyProof(badRoot, leaf, proof) {
					t.Errorf("%s: proof accepted against another root", l.Earner)
				}
			}
		})
	}
}

func TestAllProofsMatchesProof(t *testing.T) {
	leaves := randomLeaves(5000, 7)
	tree, err := BuildTree(leaves)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[[20]byte]bool)
	var prev [32]byte
	err = tree.AllProofs(func(l Leaf, proof [][32]byte) error {
		if seen[l.Earner] {
			t.Fatalf("%s visited twice", l.Earner)
		}
		seen[l.Earner] = true
		h := LeafHash(l.Earner, l.Cumulative)
		if len(seen) > 1 && bytes.Compare(prev[:], h[:]) >= 0 {
			t.Fatalf("leaves not in ascending hash order")
		}
		prev = h
		want, ok := tree.Proof(l.Earner)
		if !ok || !slices.Equal(proof, want) {
			t.Fatalf("%s: AllProofs and Proof disagree", l.Earner)
		}
		if !VerifyProof(tree.Root(), h, proof) {
			t.Fatalf("%s: proof does not verify", l.Earner)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(leaves) {
		t.Fatalf("visited %d leaves, want %d", len(seen), len(leaves))
	}
}

func TestAllProofsStopsOnError(t *testing.T) {
	tree, err := BuildTree(randomLeaves(10, 1))
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	err = tree.AllProofs(func(Leaf, [][32]byte) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("err %v after %d calls, want stop after 1", err, calls)
	}
}

// TestMatchesReference checks trees large enough to take the parallel paths
// against a plain, sequential transcription of the OpenZeppelin algorithm.
func TestMatchesReference(t *testing.T) {
	cases := map[string][]Leaf{"low earners": lowEarnerLeaves(5000)}
	for _, n := range []int{1, 2, 3, 6, 1000, 4097, 20000} {
		cases[fmt.Sprintf("random %d", n)] = randomLeaves(n, uint64(n))
	}
	for name, leaves := range cases {
		tree, err := BuildTree(leaves)
		if err != nil {
			t.Fatal(err)
		}
		nodes, index := referenceTree(leaves)
		if tree.Root() != nodes[0] {
			t.Fatalf("%s: root %s, want %s", name, FormatHash(tree.Root()), FormatHash(nodes[0]))
		}
		for _, l := range leaves {
			got, _ := tree.Proof(l.Earner)
			if want := referenceProof(nodes, index[l.Earner]); !slices.Equal(got, want) {
				t.Fatalf("%s: %s: proof differs from reference", name, l.Earner)
			}
		}
	}
}

// TestReferenceMatchesVectors keeps the reference used above honest.
func TestReferenceMatchesVectors(t *testing.T) {
	for _, c := range loadVectors(t).Cases {
		nodes, _ := referenceTree(c.leaves(t))
		if got := FormatHash(nodes[0]); got != c.Root {
			t.Fatalf("%s: reference root %s, want %s", c.Name, got, c.Root)
		}
	}
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, mask := range []uint64{0, 0xff, 0xff00, 0xff000000000000ff, ^uint64(0)} {
		ks := make([]keyed, 3000)
		for i := range ks {
			ks[i] = keyed{rng.Uint64() & mask, int32(i)}
		}
		want := slices.Clone(ks)
		slices.SortStableFunc(want, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
		radixSort(ks)
		if !slices.Equal(ks, want) {
			t.Errorf("mask %#x: radixSort differs from a stable sort", mask)
		}
	}
}

func TestEmptyTree(t *testing.T) {
	for _, leaves := range [][]Leaf{nil, {}} {
		tree, err := BuildTree(leaves)
		if err != nil {
			t.Fatal(err)
		}
		if tree.Root() != [32]byte{} {
			t.Fatalf("empty root %s, want zero", FormatHash(tree.Root()))
		}
		if tree.Len() != 0 {
			t.Fatalf("Len %d, want 0", tree.Len())
		}
		if _, ok := tree.Proof([20]byte{1}); ok {
			t.Fatal("proof found in empty tree")
		}
		if err := tree.AllProofs(func(Leaf, [][32]byte) error { return errors.New("called") }); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSingleLeaf(t *testing.T) {
	l := Leaf{Earner: [20]byte{19: 7}, Cumulative: big.NewInt(42)}
	tree, err := BuildTree([]Leaf{l})
	if err != nil {
		t.Fatal(err)
	}
	if want := LeafHash(l.Earner, l.Cumulative); tree.Root() != want {
		t.Fatalf("root %s, want leaf hash %s", FormatHash(tree.Root()), FormatHash(want))
	}
	proof, ok := tree.Proof(l.Earner)
	if !ok || len(proof) != 0 {
		t.Fatalf("proof %v, %v; want empty, true", proof, ok)
	}
}

func TestDuplicateEarner(t *testing.T) {
	a := [20]byte{0: 0xaa, 19: 1}
	b := [20]byte{0: 0xaa, 19: 2}
	for name, leaves := range map[string][]Leaf{
		"same amount":      {{a, big.NewInt(5)}, {b, big.NewInt(1)}, {a, big.NewInt(5)}},
		"different amount": {{a, big.NewInt(5)}, {b, big.NewInt(1)}, {a, big.NewInt(6)}},
	} {
		if _, err := BuildTree(leaves); !errors.Is(err, ErrDuplicateLeaf) {
			t.Errorf("%s: err %v, want ErrDuplicateLeaf", name, err)
		}
	}
}

func TestBadAmount(t *testing.T) {
	maxU256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	for name, amt := range map[string]*big.Int{
		"nil":      nil,
		"negative": big.NewInt(-1),
		"2^256":    new(big.Int).Add(maxU256, big.NewInt(1)),
	} {
		leaves := []Leaf{{[20]byte{1}, big.NewInt(1)}, {[20]byte{2}, amt}}
		if _, err := BuildTree(leaves); !errors.Is(err, ErrBadAmount) {
			t.Errorf("%s: err %v, want ErrBadAmount", name, err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: LeafHash did not panic", name)
				}
			}()
			LeafHash([20]byte{2}, amt)
		}()
	}
	if _, err := BuildTree([]Leaf{{[20]byte{1}, maxU256}, {[20]byte{2}, new(big.Int)}}); err != nil {
		t.Fatalf("2^256-1 and 0 rejected: %v", err)
	}
}

func TestInputOrderIndependence(t *testing.T) {
	leaves := randomLeaves(3000, 99)
	want, err := BuildTree(leaves)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		shuffled := slices.Clone(leaves)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := BuildTree(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if got.Root() != want.Root() {
			t.Fatalf("shuffled root %s, want %s", FormatHash(got.Root()), FormatHash(want.Root()))
		}
		for _, l := range leaves[:50] {
			p1, _ := got.Proof(l.Earner)
			p2, _ := want.Proof(l.Earner)
			if !slices.Equal(p1, p2) {
				t.Fatalf("%s: proof depends on input order", l.Earner)
			}
		}
	}
}

func TestTreeDoesNotAliasInput(t *testing.T) {
	leaves := randomLeaves(4, 3)
	tree, err := BuildTree(leaves)
	if err != nil {
		t.Fatal(err)
	}
	root := tree.Root()
	want := make(map[[20]byte]string)
	for _, l := range leaves {
		want[l.Earner] = l.Cumulative.String()
		l.Cumulative.SetInt64(-3)
	}
	tree.AllProofs(func(l Leaf, proof [][32]byte) error {
		if got := l.Cumulative.String(); got != want[l.Earner] {
			t.Errorf("%s: amount %s after caller mutation, want %s", l.Earner, got, want[l.Earner])
		}
		if !VerifyProof(root, LeafHash(l.Earner, l.Cumulative), proof) {
			t.Errorf("%s: proof no longer verifies", l.Earner)
		}
		return nil
	})
}

func TestFormatHash(t *testing.T) {
	h := [32]byte{0: 0xab, 31: 0x01}
	const want = "0xab00000000000000000000000000000000000000000000000000000000000001"
	if got := FormatHash(h); got != want {
		t.Fatalf("FormatHash %s, want %s", got, want)
	}
}

// randomLeaves returns n leaves with distinct pseudo-random earners and
// amounts below 2^128, the same for the same seed.
func randomLeaves(n int, seed uint64) []Leaf {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	seen := make(map[[20]byte]bool, n)
	leaves := make([]Leaf, 0, n)
	for len(leaves) < n {
		var a [20]byte
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		if seen[a] {
			continue
		}
		seen[a] = true
		amt := new(big.Int).SetUint64(rng.Uint64())
		amt.Lsh(amt, 64).Or(amt, new(big.Int).SetUint64(rng.Uint64()|1))
		leaves = append(leaves, Leaf{Earner: a, Cumulative: amt})
	}
	return leaves
}

// lowEarnerLeaves returns n leaves whose earners differ only in their last
// two bytes, so that sorting them by earner relies on the tie-breaks.
func lowEarnerLeaves(n int) []Leaf {
	leaves := randomLeaves(n, 5)
	for i := range leaves {
		leaves[i].Earner = [20]byte{18: byte(i >> 8), 19: byte(i)}
	}
	return leaves
}

// referenceTree builds the OpenZeppelin node array the slow, obvious way and
// maps each earner to its node index.
func referenceTree(leaves []Leaf) ([][32]byte, map[[20]byte]int) {
	type hashed struct {
		earner [20]byte
		hash   [32]byte
	}
	hs := make([]hashed, len(leaves))
	for i, l := range leaves {
		enc := make([]byte, 64)
		copy(enc[12:32], l.Earner[:])
		l.Cumulative.FillBytes(enc[32:])
		inner := refKeccak(enc...)
		hs[i] = hashed{l.Earner, refKeccak(inner[:]...)}
	}
	slices.SortFunc(hs, func(a, b hashed) int { return bytes.Compare(a.hash[:], b.hash[:]) })
	nodes := make([][32]byte, 2*len(hs)-1)
	index := make(map[[20]byte]int)
	for k, h := range hs {
		nodes[len(nodes)-1-k] = h.hash
		index[h.earner] = len(nodes) - 1 - k
	}
	for i := len(nodes) - 1 - len(hs); i >= 0; i-- {
		a, b := nodes[2*i+1], nodes[2*i+2]
		if bytes.Compare(a[:], b[:]) > 0 {
			a, b = b, a
		}
		nodes[i] = refKeccak(append(a[:], b[:]...)...)
	}
	return nodes, index
}

func referenceProof(nodes [][32]byte, i int) [][32]byte {
	var proof [][32]byte
	for ; i > 0; i = (i - 1) / 2 {
		s := i - 1
		if i%2 == 1 {
			s = i + 1
		}
		proof = append(proof, nodes[s])
	}
	return proof
}

func refKeccak(b ...byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(b)
	return [32]byte(h.Sum(nil))
}

// TestParallelMatchesSequential builds trees of random sizes (0, 1, 2, odd
// and even, below and above the chunk size) with the hashing split every way
// BuildTree may split it, down to one item per goroutine, and checks each
// against the sequential build: the same nodes, leaves, earner index and
// proofs, byte for byte.
func TestParallelMatchesSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	sizes := []int{0, 1, 2, 3, 4, 5, 7, 64, 255, 1001, 4096, 4097}
	for range 8 {
		sizes = append(sizes, 1+rng.IntN(20000))
	}
	sets := [][]Leaf{lowEarnerLeaves(3000)} // sort keys with ties
	for _, n := range sizes {
		sets = append(sets, randomLeaves(n, uint64(n)+99))
	}
	for _, leaves := range sets {
		n := len(leaves)
		seq, err := buildTree(leaves, pool{workers: 1, minChunk: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []pool{{2, 1}, {3, 1}, {8, 1}, {7, 100}, {2, minChunk}} {
			par, err := buildTree(leaves, p)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(par.nodes, seq.nodes) || !slices.Equal(par.byEarner, seq.byEarner) {
				t.Fatalf("%d leaves, %+v: nodes or earner index differ from the sequential build", n, p)
			}
			if !slices.EqualFunc(par.leaves, seq.leaves, func(a, b Leaf) bool {
				return a.Earner == b.Earner && a.Cumulative.Cmp(b.Cumulative) == 0
			}) {
				t.Fatalf("%d leaves, %+v: leaves differ from the sequential build", n, p)
			}
			if got, want := allProofs(t, par), allProofs(t, seq); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("%d leaves, %+v: proofs differ from the sequential build", n, p)
			}
		}
	}
}

// allProofs collects the proofs AllProofs gives, in its order.
func allProofs(t *testing.T, tree *Tree) [][][32]byte {
	t.Helper()
	var out [][][32]byte
	k := 0
	if err := tree.AllProofs(func(l Leaf, proof [][32]byte) error {
		if l.Earner != tree.leaves[k].Earner {
			t.Fatalf("leaf %d out of order", k)
		}
		k++
		out = append(out, slices.Clone(proof))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// AllProofs stops at the first error over a large tree too, wherever the
// error comes.
func TestAllProofsStopsOnErrorParallel(t *testing.T) {
	tree, err := BuildTree(randomLeaves(10_000, 5))
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	for _, at := range []int{1, 6, 7, 5000, 10_000} {
		calls := 0
		err = tree.AllProofs(func(Leaf, [][32]byte) error {
			if calls++; calls == at {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || calls != at {
			t.Fatalf("err %v after %d calls, want stop after %d", err, calls, at)
		}
	}
}
