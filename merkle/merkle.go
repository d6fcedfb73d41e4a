package merkle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"math/big"
	"math/bits"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/crypto/sha3"

	"github.com/swarm-ledger/swarm/events"
)

// Errors returned by BuildTree. They are wrapped with details; test for
// them with errors.Is.
var (
	ErrDuplicateLeaf = errors.New("merkle: duplicate earner in rewards tree")
	ErrBadAmount     = errors.New("merkle: amount is not a uint256")
)

const (
	addressLen = 20
	hashLen    = 32
	// wordsPerAmount is the number of big.Word needed to hold a uint256.
	wordsPerAmount = 256 / bits.UintSize
	// minChunk is the smallest slice of work handed to a separate goroutine;
	// below it the goroutine overhead outweighs the hashing.
	minChunk = 2048
)

// Leaf is one rewards-tree entry: an earner and its cumulative reward.
type Leaf struct {
	Earner     events.Address
	Cumulative *big.Int
}

// Tree is an OpenZeppelin StandardMerkleTree over ["address", "uint256"]
// leaves. It is immutable once built and safe for concurrent use.
type Tree struct {
	// nodes uses the OpenZeppelin array layout: nodes[0] is the root, the
	// children of node i are 2i+1 and 2i+2, and the k-th smallest leaf hash
	// is stored at nodes[len(nodes)-1-k].
	nodes [][32]byte
	// leaves[k] is the leaf stored at nodes[len(nodes)-1-k]. The amounts are
	// private copies, never the caller's *big.Int.
	leaves []Leaf
	// byEarner lists indices into leaves in ascending earner order.
	byEarner []int32
}

// LeafHash returns the StandardMerkleTree leaf hash of (earner, cumulative):
// keccak256(keccak256(abi.encode(earner, cumulative))). It panics if
// cumulative is nil or outside [0, 2^256).
func LeafHash(earner events.Address, cumulative *big.Int) [32]byte {
	if err := checkAmount(cumulative); err != nil {
		panic(err)
	}
	var out [32]byte
	newKeccak().leaf(&out, earner, cumulative)
	return out
}

// BuildTree builds the rewards tree over leaves, which may be in any order.
// It fails with ErrDuplicateLeaf if an earner appears twice and with
// ErrBadAmount if an amount is nil, negative or not below 2^256. An empty
// input gives an empty tree whose root is 32 zero bytes. Zero amounts are
// accepted; leaving them out is the caller's business.
func BuildTree(leaves []Leaf) (*Tree, error) {
	return buildTree(leaves, defaultPool())
}

// buildTree is BuildTree with its hashing split as p says; the tree does
// not depend on how.
func buildTree(leaves []Leaf, p pool) (*Tree, error) {
	if len(leaves) > math.MaxInt32 {
		return nil, fmt.Errorf("merkle: %d leaves exceed the tree capacity", len(leaves))
	}
	for i, l := range leaves {
		if err := checkAmount(l.Cumulative); err != nil {
			return nil, fmt.Errorf("leaf %d (%s): %w", i, l.Earner, err)
		}
	}
	byEarner, err := sortByEarner(leaves)
	if err != nil {
		return nil, err
	}
	hashes, amounts := hashLeaves(leaves, p)
	order := sortByHash(hashes)
	t := &Tree{
		nodes:    layoutNodes(hashes, order),
		leaves:   gatherLeaves(leaves, amounts, order),
		byEarner: remap(byEarner, order),
	}
	hashInternalNodes(t.nodes, p)
	return t, nil
}

// Root returns the Merkle root, or 32 zero bytes for an empty tree.
func (t *Tree) Root() [32]byte {
	if len(t.nodes) == 0 {
		return [32]byte{}
	}
	return t.nodes[0]
}

// Len returns the number of leaves.
func (t *Tree) Len() int { return len(t.leaves) }

// Proof returns the proof for earner's leaf: the sibling hashes from the leaf
// up to, but excluding, the root, exactly as StandardMerkleTree.getProof. It
// reports false if earner is not in the tree.
func (t *Tree) Proof(earner events.Address) ([][32]byte, bool) {
	k, ok := t.lookup(earner)
	if !ok {
		return nil, false
	}
	return t.appendProof(nil, k), true
}

// AllProofs calls fn for every leaf, in ascending leaf-hash order, with its
// proof, and stops at the first error fn returns. The proof slice is reused
// between calls: fn must copy it to retain it, and must not modify it or
// l.Cumulative.
func (t *Tree) AllProofs(fn func(l Leaf, proof [][32]byte) error) error {
	proof := make([][32]byte, 0, bits.Len(uint(len(t.nodes))))
	for k, l := range t.leaves {
		proof = t.appendProof(proof[:0], k)
		if err := fn(l, proof); err != nil {
			return err
		}
	}
	return nil
}

// VerifyProof reports whether proof links leaf to root, with the semantics of
// OpenZeppelin's MerkleProof.verify: each step hashes the running hash and the
// next proof element in ascending byte order.
func VerifyProof(root [32]byte, leaf [32]byte, proof [][32]byte) bool {
	k := newKeccak()
	h := leaf
	for i := range proof {
		k.pair(&h, &h, &proof[i])
	}
	return h == root
}

// FormatHash writes h as "0x" followed by 64 lowercase hex digits: SPEC
// §1's form, events.Hash's String.
func FormatHash(h [32]byte) string { return events.Hash(h).String() }

// checkAmount returns an error wrapping ErrBadAmount unless x is a uint256.
func checkAmount(x *big.Int) error {
	switch {
	case x == nil:
		return fmt.Errorf("%w: nil", ErrBadAmount)
	case x.Sign() < 0:
		return fmt.Errorf("%w: %s is negative", ErrBadAmount, x)
	case x.BitLen() > 256:
		return fmt.Errorf("%w: %s does not fit in 256 bits", ErrBadAmount, x)
	}
	return nil
}

// lookup returns the position in t.leaves of earner's leaf.
func (t *Tree) lookup(earner events.Address) (int, bool) {
	j, ok := slices.BinarySearchFunc(t.byEarner, earner, func(k int32, e events.Address) int {
		return bytes.Compare(t.leaves[k].Earner[:], e[:])
	})
	if !ok {
		return 0, false
	}
	return int(t.byEarner[j]), true
}

// appendProof appends to dst the siblings on the path from the k-th leaf to
// the root.
func (t *Tree) appendProof(dst [][32]byte, k int) [][32]byte {
	for i := len(t.nodes) - 1 - k; i > 0; i = (i - 1) / 2 {
		dst = append(dst, t.nodes[sibling(i)])
	}
	return dst
}

// sibling returns the index of the other child of node i's parent.
func sibling(i int) int {
	if i%2 == 1 {
		return i + 1
	}
	return i - 1
}

// keyed pairs a sort key, the leading 8 bytes of a value, with the value's
// index, so that most comparisons avoid touching the value itself.
type keyed struct {
	key uint64
	idx int32
}

// sortByEarner returns the indices of leaves in ascending earner order, or
// ErrDuplicateLeaf if two leaves share an earner.
func sortByEarner(leaves []Leaf) ([]int32, error) {
	ks := make([]keyed, len(leaves))
	for i := range leaves {
		ks[i] = keyed{binary.BigEndian.Uint64(leaves[i].Earner[:8]), int32(i)}
	}
	idx, dup := sortKeyed(ks, func(a, b int32) int {
		return bytes.Compare(leaves[a].Earner[:], leaves[b].Earner[:])
	})
	if dup >= 0 {
		return nil, fmt.Errorf("%w: %s", ErrDuplicateLeaf, leaves[dup].Earner)
	}
	return idx, nil
}

// hashLeaves returns, in input order, the hash of every leaf and a private
// copy of every amount. All copies share one backing array of words.
func hashLeaves(leaves []Leaf, p pool) ([][32]byte, []big.Int) {
	hashes := make([][32]byte, len(leaves))
	amounts := make([]big.Int, len(leaves))
	words := make([]big.Word, len(leaves)*wordsPerAmount)
	p.run(len(leaves), func(lo, hi int) {
		k := newKeccak()
		for i := lo; i < hi; i++ {
			k.leaf(&hashes[i], leaves[i].Earner, leaves[i].Cumulative)
			w := words[i*wordsPerAmount : (i+1)*wordsPerAmount : (i+1)*wordsPerAmount]
			amounts[i].SetBits(w[:copy(w, leaves[i].Cumulative.Bits())])
		}
	})
	return hashes, amounts
}

// sortByHash returns the indices of hashes in ascending byte order.
func sortByHash(hashes [][32]byte) []int32 {
	ks := make([]keyed, len(hashes))
	for i := range hashes {
		ks[i] = keyed{binary.BigEndian.Uint64(hashes[i][:8]), int32(i)}
	}
	// Equal hashes mean equal leaves, which sortByEarner has ruled out.
	order, _ := sortKeyed(ks, func(a, b int32) int {
		return bytes.Compare(hashes[a][:], hashes[b][:])
	})
	return order
}

// sortKeyed sorts ks by key, breaking ties between equal keys with cmp on
// the indices, and returns the sorted indices. dup is the index of an element
// that cmp finds equal to another, or -1 if there is none.
func sortKeyed(ks []keyed, cmp func(a, b int32) int) (idx []int32, dup int32) {
	radixSort(ks)
	dup = -1
	for lo := 0; lo < len(ks); {
		hi := lo + 1
		for hi < len(ks) && ks[hi].key == ks[lo].key {
			hi++
		}
		if d := sortRun(ks[lo:hi], cmp); d >= 0 {
			dup = d
		}
		lo = hi
	}
	idx = make([]int32, len(ks))
	for j := range ks {
		idx[j] = ks[j].idx
	}
	return idx, dup
}

// sortRun sorts a run of elements with equal keys by cmp and returns the
// index of an element equal to its predecessor, or -1.
func sortRun(run []keyed, cmp func(a, b int32) int) int32 {
	if len(run) < 2 {
		return -1
	}
	slices.SortFunc(run, func(a, b keyed) int { return cmp(a.idx, b.idx) })
	for j := 1; j < len(run); j++ {
		if cmp(run[j-1].idx, run[j].idx) == 0 {
			return run[j].idx
		}
	}
	return -1
}

// radixSort sorts ks by key with a least-significant-byte-first radix sort,
// skipping the bytes on which all keys agree.
func radixSort(ks []keyed) {
	src, dst := ks, make([]keyed, len(ks))
	for shift := 0; shift < 64 && len(ks) > 1; shift += 8 {
		var start [256]int
		for _, k := range src {
			start[byte(k.key>>shift)]++
		}
		if start[byte(src[0].key>>shift)] == len(src) {
			continue
		}
		sum := 0
		for d, c := range start {
			start[d], sum = sum, sum+c
		}
		for _, k := range src {
			d := byte(k.key >> shift)
			dst[start[d]] = k
			start[d]++
		}
		src, dst = dst, src
	}
	copy(ks, src)
}

// layoutNodes allocates the node array and stores the k-th smallest leaf
// hash, hashes[order[k]], at position len-1-k.
func layoutNodes(hashes [][32]byte, order []int32) [][32]byte {
	if len(hashes) == 0 {
		return nil
	}
	nodes := make([][32]byte, 2*len(hashes)-1)
	last := len(nodes) - 1
	for k, i := range order {
		nodes[last-k] = hashes[i]
	}
	return nodes
}

// hashInternalNodes fills nodes[0 : len/2], the internal nodes, one depth at
// a time from the deepest up. Node i sits at depth log2(i+1) and its children
// one depth below, so the nodes of a single depth can be hashed in parallel.
func hashInternalNodes(nodes [][32]byte, p pool) {
	internal := len(nodes) / 2
	for d := bits.Len(uint(internal)) - 1; d >= 0; d-- {
		first := 1<<d - 1
		end := min(1<<(d+1)-1, internal)
		p.run(end-first, func(lo, hi int) {
			k := newKeccak()
			for i := first + lo; i < first+hi; i++ {
				k.pair(&nodes[i], &nodes[2*i+1], &nodes[2*i+2])
			}
		})
	}
}

// gatherLeaves returns the leaves in sorted order, order[k] being the input
// index of the k-th, with the private amount copies in place of the caller's.
func gatherLeaves(leaves []Leaf, amounts []big.Int, order []int32) []Leaf {
	out := make([]Leaf, len(order))
	for k, i := range order {
		out[k] = Leaf{Earner: leaves[i].Earner, Cumulative: &amounts[i]}
	}
	return out
}

// remap rewrites indices into the input as positions in the sorted leaves.
func remap(idx, order []int32) []int32 {
	pos := make([]int32, len(order))
	for k, i := range order {
		pos[i] = int32(k)
	}
	for j, i := range idx {
		idx[j] = pos[i]
	}
	return idx
}

// pool is how the tree splits its hashing: on up to workers goroutines,
// none given fewer than minChunk items.
type pool struct{ workers, minChunk int }

// defaultPool uses every P, in chunks of at least minChunk items.
func defaultPool() pool { return pool{workers: runtime.GOMAXPROCS(0), minChunk: minChunk} }

// run calls fn on contiguous sub-ranges covering [0, n), on up to
// p.workers goroutines, and waits for them.
func (p pool) run(n int, fn func(lo, hi int)) {
	workers := min(p.workers, n/max(p.minChunk, 1))
	if workers <= 1 {
		fn(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { fn(lo, min(lo+chunk, n)) })
	}
	wg.Wait()
}

// keccakState is the legacy Keccak-256 hasher; reading squeezes the digest
// without the state copy that Sum makes.
type keccakState interface {
	hash.Hash
	io.Reader
}

// keccak is a reusable Keccak-256 hasher with a scratch buffer for the
// 64-byte messages the tree hashes. It is not safe for concurrent use.
type keccak struct {
	h   keccakState
	buf [64]byte
}

func newKeccak() *keccak {
	return &keccak{h: sha3.NewLegacyKeccak256().(keccakState)}
}

// sum writes keccak256(data) to dst.
func (k *keccak) sum(dst *[32]byte, data []byte) {
	k.h.Reset()
	k.h.Write(data)
	k.h.Read(dst[:])
}

// leaf writes keccak256(keccak256(abi.encode(earner, amount))) to dst.
// amount must fit a uint256.
func (k *keccak) leaf(dst *[32]byte, earner events.Address, amount *big.Int) {
	clear(k.buf[:hashLen-addressLen])
	copy(k.buf[hashLen-addressLen:hashLen], earner[:])
	amount.FillBytes(k.buf[hashLen:])
	k.sum(dst, k.buf[:])
	k.sum(dst, dst[:])
}

// pair writes the hash of a and b, concatenated in ascending byte order, to
// dst. dst may alias a or b.
func (k *keccak) pair(dst, a, b *[32]byte) {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	copy(k.buf[:hashLen], a[:])
	copy(k.buf[hashLen:], b[:])
	k.sum(dst, k.buf[:])
}
