package events

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// The Go team's Ed25519 edge-case vectors (every combination of small-order
// points, small-order components and non-canonical encodings), the module
// crypto/ed25519's own tests fetch. The version and the module's hash are
// pinned: a different file cannot pass unnoticed.
const (
	vectorsModule  = "filippo.io/mostly-harmless/ed25519vectors"
	vectorsVersion = "v0.0.0-20210322192420-30a2d7243a94"
	vectorsSum     = "h1:oHn3iEYQCHVcHLEqtzCSizBZcnOSFk61oo8tKsbNrqI="
	vectorsCount   = 768
)

type edVector struct {
	A, R, S, M string
	Flags      []string
}

var (
	vectorsOnce sync.Once
	vectors     []edVector
	vectorsErr  string
)

// edVectors fetches the vectors through the Go module proxy (`go mod
// download -json`, as crypto/ed25519's test does) and fails the test, never
// skips it, when they cannot be read.
func edVectors(tb testing.TB) []edVector {
	tb.Helper()
	vectorsOnce.Do(func() { vectors, vectorsErr = loadEdVectors() })
	if vectorsErr != "" {
		tb.Fatalf("ed25519 vectors: %s", vectorsErr)
	}
	return vectors
}

func loadEdVectors() ([]edVector, string) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			return nil, "no go command to download them with: " + err.Error()
		}
	}
	cmd := exec.Command(goTool, "mod", "download", "-json", vectorsModule+"@"+vectorsVersion)
	cmd.Dir = os.TempDir() // outside this module: no go.mod to consult
	// The module's hash is checked against vectorsSum below, so the
	// checksum database need not be reachable (CI reaches only the proxy).
	cmd.Env = append(os.Environ(), "GOSUMDB=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, "go mod download: " + err.Error() + ": " + string(out) + stderr.String()
	}
	var dm struct{ Dir, Sum, Error string }
	if err := json.Unmarshal(out, &dm); err != nil {
		return nil, "go mod download output: " + err.Error()
	}
	if dm.Error != "" || dm.Dir == "" {
		return nil, "go mod download: " + dm.Error
	}
	if dm.Sum != vectorsSum {
		return nil, "module hash " + dm.Sum + ", want " + vectorsSum
	}
	raw, err := os.ReadFile(filepath.Join(dm.Dir, "ed25519vectors.json"))
	if err != nil {
		return nil, err.Error()
	}
	var vs []edVector
	if err := json.Unmarshal(raw, &vs); err != nil {
		return nil, "ed25519vectors.json: " + err.Error()
	}
	if len(vs) != vectorsCount {
		return nil, "ed25519vectors.json holds " + itoa(len(vs)) + " vectors, want 768"
	}
	return vs, ""
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// sameVerdict fails unless Verify and a KeyCache (cold, then holding the key
// if it verified) give crypto/ed25519.Verify's verdict.
func sameVerdict(t *testing.T, cache *KeyCache, pub, msg, sig []byte) bool {
	t.Helper()
	want := len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig)
	if got := Verify(pub, msg, sig); got != want {
		t.Errorf("Verify(%x, %q, %x) = %v, crypto/ed25519 says %v", pub, msg, sig, got, want)
	}
	for pass := range 2 {
		if got := cache.Verify(pub, msg, sig); got != want {
			t.Errorf("KeyCache.Verify pass %d (%x, %q, %x) = %v, crypto/ed25519 says %v", pass, pub, msg, sig, got, want)
		}
	}
	if got := NewKeyCache(1).Verify(pub, msg, sig); got != want {
		t.Errorf("fresh KeyCache.Verify(%x, %q, %x) = %v, crypto/ed25519 says %v", pub, msg, sig, got, want)
	}
	return want
}

// TestEd25519Vectors: on all 768 edge-case vectors the seam gives
// crypto/ed25519.Verify's verdict, with and without a cached expanded key,
// and crypto/ed25519 itself still gives the verdicts its own test expects
// (low-order residue and non-canonical R rejected, everything else accepted).
func TestEd25519Vectors(t *testing.T) {
	cache := NewKeyCache(DefaultKeyCacheKeys)
	accepted := 0
	for i, v := range edVectors(t) {
		pub := mustHex(t, v.A)
		sig := append(mustHex(t, v.R), mustHex(t, v.S)...)
		msg := []byte(v.M)
		want := true
		for _, f := range v.Flags {
			if f == "LowOrderResidue" || f == "NonCanonicalR" {
				want = false
			}
		}
		if got := sameVerdict(t, cache, pub, msg, sig); got != want {
			t.Errorf("#%d %v: crypto/ed25519 says %v, its own test expects %v", i, v.Flags, got, want)
		}
		// Another message under the same key and signature (a small-order
		// key can make one signature hold for many messages).
		sameVerdict(t, cache, pub, append(msg, '!'), sig)
		if want {
			accepted++
		}
	}
	if accepted == 0 || accepted == vectorsCount {
		t.Fatalf("%d of %d vectors verify: the set no longer separates verdicts", accepted, vectorsCount)
	}
	if cache.Len() == 0 {
		t.Fatal("no key was cached: the expanded-key path went untested")
	}
}

// groupOrder is L, the order of the Ed25519 base point.
var groupOrder, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// addL returns the 32-byte little-endian scalar s + k·L (k·L + s < 2^256
// for k ≤ 15): the same S mod L, so it must be rejected (S ≥ L).
func addL(s []byte, k int64) []byte {
	be := make([]byte, 32)
	for i := range 32 {
		be[i] = s[31-i]
	}
	n := new(big.Int).SetBytes(be)
	n.Add(n, new(big.Int).Mul(groupOrder, big.NewInt(k)))
	out := n.FillBytes(make([]byte, 32))
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// hardPoints are the encodings verification treats specially: the eight
// small-order points, non-canonical encodings (y ≥ p, and x = 0 with the
// sign bit set) and bytes that are no point at all.
var hardPoints = func() [][]byte {
	hexes := []string{
		"0100000000000000000000000000000000000000000000000000000000000000", // identity
		"0100000000000000000000000000000000000000000000000000000000000080", // identity, x = -0
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // identity, y = p + 1
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // identity, y = p + 1, x = -0
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // order 2, x = -0
		"0000000000000000000000000000000000000000000000000000000000000000", // order 4
		"0000000000000000000000000000000000000000000000000000000000000080", // order 4
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 4, y = p
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // order 4, y = p
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
		"0200000000000000000000000000000000000000000000000000000000000000", // not on the curve
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // y = 2^255 - 1
	}
	out := make([][]byte, len(hexes))
	for i, h := range hexes {
		out[i], _ = hex.DecodeString(h)
	}
	return out
}()

// fuzzCache is shared by every fuzz input, so keys cached by one input are
// hit by later ones (with other messages and signatures).
var fuzzCache = NewKeyCache(256)

// FuzzVerify: the seam's verdict equals crypto/ed25519.Verify's for keys and
// signatures steered toward the hard cases: small-order and non-canonical A
// and R, S ≥ L, the identity key with a zero signature, honest signatures
// with one part swapped, and raw bytes. Its seed corpus (the 768 edge-case
// vectors and testdata/fuzz/FuzzVerify) runs in every `go test`.
func FuzzVerify(f *testing.F) {
	for _, v := range edVectors(f) {
		sig := mustHex(f, v.R+v.S)
		f.Add(uint8(0), uint8(0), mustHex(f, v.A), sig, []byte(v.M))
	}
	zero := make([]byte, 64)
	f.Add(uint8(0), uint8(0), hardPoints[0], zero, []byte("identity key, zero signature"))
	f.Add(uint8(0), uint8(0), hardPoints[0], append(bytes.Clone(hardPoints[0]), make([]byte, 32)...), []byte("identity key, R identity, S 0"))
	for mode := range uint8(16) {
		f.Add(mode, uint8(1), []byte("seed"), []byte{}, []byte("msg"))
		f.Add(mode|0x80, uint8(5), []byte("seed"), zero, []byte("msg"))
	}
	f.Fuzz(func(t *testing.T, mode, pick uint8, a, sig, msg []byte) {
		pub := a
		// Modes 0x10 and up sign msg with a key derived from a, then bend
		// one part of the honest signature toward a hard case.
		if mode >= 0x10 {
			seed := sha512.Sum512(a)
			priv := ed25519.NewKeyFromSeed(seed[:32])
			pub = priv.Public().(ed25519.PublicKey)
			good := ed25519.Sign(priv, msg)
			hard := hardPoints[int(pick)%len(hardPoints)]
			switch mode % 8 {
			case 0: // honest
				sig = good
			case 1: // S + k·L: same scalar, non-canonical
				sig = append(bytes.Clone(good[:32]), addL(good[32:], int64(pick%15)+1)...)
			case 2: // R replaced by a hard point
				sig = append(bytes.Clone(hard), good[32:]...)
			case 3: // A replaced by a hard point
				sig, pub = good, hard
			case 4: // fuzzer's S under an honest R
				sig = append(bytes.Clone(good[:32]), pad32(sig)...)
			case 5: // one bit of the honest signature or key flipped
				sig = bytes.Clone(good)
				if pick&0x80 != 0 {
					pub = bytes.Clone(pub)
					pub[int(pick)%32] ^= 1 << (pick % 8)
				} else {
					sig[int(pick)%64] ^= 1 << (pick % 8)
				}
			case 6: // S = 0 or S = L
				s := make([]byte, 32)
				if pick&1 != 0 {
					s = addL(s, 1)
				}
				sig = append(bytes.Clone(good[:32]), s...)
			case 7: // signature of another message
				sig = ed25519.Sign(priv, append(bytes.Clone(msg), pick))
			}
		} else if mode&1 != 0 {
			// Modes below 0x10: raw key and signature, the odd ones with a
			// hard point for A and, when mode&2, for R as well.
			pub = hardPoints[int(pick)%len(hardPoints)]
			if mode&2 != 0 {
				sig = append(bytes.Clone(hardPoints[int(pick>>4)%len(hardPoints)]), pad32(sig)...)
			}
		}
		sameVerdict(t, fuzzCache, pub, msg, sig)
	})
}

// pad32 returns b cut or zero-padded to 32 bytes.
func pad32(b []byte) []byte {
	out := make([]byte, 32)
	copy(out, b)
	return out
}

// TestSignatureMalleability: a signature re-encoded with S + L, or with a
// non-canonical or small-order R, is bad_signature through Check, exactly as
// crypto/ed25519 judges it; the honest signature stays accepted.
func TestSignatureMalleability(t *testing.T) {
	msg, kp := validHeartbeat(t)
	auth, err := NewAuthority(pubOf(t, testKey(t, 2)), nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(msg)
	if err != nil {
		t.Fatal(err)
	}
	sig, payload, ok := d.SignatureParts(msg)
	if !ok {
		t.Fatal("no signature")
	}
	pub := d.srcKey
	withSig := func(s []byte) []byte {
		return bytes.Replace(msg, []byte(d.Sig), []byte(base64.StdEncoding.EncodeToString(s)), 1)
	}
	cases := map[string][]byte{
		"S + L":            append(bytes.Clone(sig[:32]), addL(sig[32:], 1)...),
		"S + 15L":          append(bytes.Clone(sig[:32]), addL(sig[32:], 15)...),
		"R identity":       append(bytes.Clone(hardPoints[0]), sig[32:]...),
		"R y = p + 1":      append(bytes.Clone(hardPoints[2]), sig[32:]...),
		"R order 8":        append(bytes.Clone(hardPoints[10]), sig[32:]...),
		"R x sign bit":     append(append(bytes.Clone(sig[:31]), sig[31]^0x80), sig[32:]...),
		"zero signature":   make([]byte, 64),
		"S zero":           append(bytes.Clone(sig[:32]), make([]byte, 32)...),
		"S = L":            append(bytes.Clone(sig[:32]), addL(make([]byte, 32), 1)...),
		"last bit of S":    append(bytes.Clone(sig[:63]), sig[63]^0x80),
		"first bit of R":   append([]byte{sig[0] ^ 1}, sig[1:]...),
		"honest (control)": bytes.Clone(sig),
	}
	for name, s := range cases {
		want := ed25519.Verify(pub, payload, s)
		if want != (name == "honest (control)") {
			t.Fatalf("%s: crypto/ed25519 says %v", name, want)
		}
		if got := Verify(pub, payload, s); got != want {
			t.Errorf("%s: Verify %v, crypto/ed25519 %v", name, got, want)
		}
		wantReason := BadSignature
		if want {
			wantReason = Accepted
		}
		// Twice: the second time the signer's expanded key is cached.
		for range 2 {
			if c := auth.Check(withSig(s)); c.Reason != wantReason {
				t.Errorf("%s: Check %q, want %q", name, c.Reason, wantReason)
			}
		}
	}
	_ = kp
}
