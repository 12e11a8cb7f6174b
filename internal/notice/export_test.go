package notice

import "time"

// SetBatchBudget sets how long a node works through a claimed batch, and
// returns a function that restores it.
func SetBatchBudget(d time.Duration) func() {
	old := batchBudget
	batchBudget = d
	return func() { batchBudget = old }
}
