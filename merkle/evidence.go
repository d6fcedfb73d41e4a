package merkle

// Evidence is the evidence a slash is proposed, vetoed and executed with on
// the staking contract (SPEC §6.5, §10.2): keccak256 of the slash id's bytes.
func Evidence(id string) [32]byte {
	var out [32]byte
	newKeccak().sum(&out, []byte(id))
	return out
}
