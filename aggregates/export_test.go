package aggregates

// DiscardStatements makes l's epoch closes store no statement, as the fold
// did before statements were kept: the baseline of
// BenchmarkFoldStatements.
func DiscardStatements(l *Ledger) { l.discardStatements = true }
