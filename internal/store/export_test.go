package store

// SetScanChunk sets the number of records ScanRecords reads at a time and
// returns a function that restores it.
func SetScanChunk(n int) (restore func()) {
	old := scanChunk
	scanChunk = n
	return func() { scanChunk = old }
}
