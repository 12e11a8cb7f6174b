package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// What the audit calls of the store's staff actions need to name their
// subject: the member library of a branch or an item, the library a
// rules change is for, and the fields an item edit changed.

// branchLibrary returns the member library of a branch, "" for a branch
// that is not there (an entry is written anyway; the action checked the
// branch itself).
func branchLibrary(ctx context.Context, tx txn, branchID string) (string, error) {
	var lib string
	err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT library_id FROM branches WHERE id = $1), '')`, branchID).Scan(&lib)
	if err != nil {
		return "", fmt.Errorf("library of branch %s: %w", branchID, err)
	}
	return lib, nil
}

// rulesLibrary returns the one member library whose rows a rules change
// touches, so that its administrator finds the entry under their
// library; "" when it touches the consortium's rows or several libraries.
func rulesLibrary(cs []library.RuleChange) string {
	lib := ""
	for i, c := range cs {
		if c.Kind == library.ChangePolicy || c.Key.Library == "" || i > 0 && c.Key.Library != lib {
			return ""
		}
		lib = c.Key.Library
	}
	return lib
}

// itemChanges says what an edit changed in an item, field by field:
// "status available → lost, shelf A → B".
func itemChanges(old, cur library.Item) string {
	var out []string
	add := func(name, a, b string) {
		if a != b {
			out = append(out, fmt.Sprintf("%s %s → %s", name, a, b))
		}
	}
	add("barcode", old.Barcode, cur.Barcode)
	add("record", fmt.Sprint(old.RecordID), fmt.Sprint(cur.RecordID))
	add("status", string(old.Status), string(cur.Status))
	add("home branch", old.HomeBranch, cur.HomeBranch)
	add("branch", old.Branch, cur.Branch)
	add("call number", old.CallNumber, cur.CallNumber)
	add("shelf", old.Shelf, cur.Shelf)
	add("collection", old.Collection, cur.Collection)
	add("price", fmt.Sprint(old.Price), fmt.Sprint(cur.Price))
	if len(out) == 0 {
		return "no changes"
	}
	return strings.Join(out, ", ")
}

// batchDetail describes a batch change and the barcodes it changed; the
// audit trail cuts a long list.
func batchDetail(b library.ItemBatch, changed []string) string {
	var what []string
	if b.Status != "" {
		what = append(what, "status "+string(b.Status))
	}
	if b.HomeBranch != "" {
		what = append(what, "home branch "+b.HomeBranch)
	}
	if b.Shelf != "" {
		what = append(what, "shelf "+b.Shelf)
	}
	if b.CallNumberPrefix != "" {
		what = append(what, "call number prefix "+b.CallNumberPrefix)
	}
	return fmt.Sprintf("%s; %d changed: %s", strings.Join(what, ", "), len(changed), strings.Join(changed, " "))
}

// auditItem writes an item action's entry, under the library of the
// item's home branch.
func auditItem(ctx context.Context, tx txn, by library.Staff, action string, it library.Item, detail string, now time.Time) error {
	lib, err := branchLibrary(ctx, tx, it.HomeBranch)
	if err != nil {
		return err
	}
	return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: action, ItemBarcode: it.Barcode, RecordID: it.RecordID,
		Library: lib, Detail: detail}, now)
}

// itemDescription describes an item added or deleted.
func itemDescription(it library.Item) string {
	return fmt.Sprintf("home branch %s, call number %s, status %s", it.HomeBranch, it.CallNumber, it.Status)
}

// registrationChanges names the fields a registration edit changed, not
// their values: the trail outlives the account, and says what was done,
// not who the patron is or where they live.
func registrationChanges(old, cur library.Patron) string {
	var out []string
	for _, f := range []struct {
		name string
		same bool
	}{
		{"name", old.Name == cur.Name},
		{"birth date", old.BirthDate == cur.BirthDate},
		{"category", old.Category == cur.Category},
		{"address", old.Street == cur.Street && old.PostalCode == cur.PostalCode && old.City == cur.City},
		{"email", old.Email == cur.Email},
		{"phone", old.Phone == cur.Phone},
		{"language", old.Lang == cur.Lang},
		{"home library", old.HomeLibrary == cur.HomeLibrary},
		{"guardian", old.GuardianID == cur.GuardianID},
	} {
		if !f.same {
			out = append(out, f.name)
		}
	}
	if len(out) == 0 {
		return "no changes"
	}
	return "changed: " + strings.Join(out, ", ")
}
