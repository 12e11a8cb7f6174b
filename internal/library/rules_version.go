package library

import (
	"context"
	"time"
)

// PolicyVersion is one saved version of the circulation policy. Versions
// take effect from a chosen day, so that a consortium can decide in
// November what holds from New Year; circulation follows the version in
// force at the moment of each event.
type PolicyVersion struct {
	ID     int64
	Policy Policy
	// Effective is the day (in Helsinki) the version was chosen to take
	// effect from.
	Effective Date
	// From is the instant it does: the start of Effective in Helsinki,
	// or the moment it was saved when that is later (a version saved for
	// today), so that an event earlier today keeps the rules it was
	// decided by.
	From      time.Time
	Created   time.Time
	CreatedBy int64 // staff member; 0 for the system (a migration, the demo)
	// Replaces is the future version this one took the place of, if any.
	Replaces int64
	// Withdrawn is when the version was withdrawn (or replaced) before it
	// took effect; zero if it was not. A withdrawn version never applies.
	Withdrawn   time.Time
	WithdrawnBy int64
}

// Pending reports whether the version has yet to take effect at now and
// was not withdrawn: only such a version may be replaced or withdrawn. A
// version that has been in force is history and stays as it was.
func (v PolicyVersion) Pending(now time.Time) bool {
	return v.Withdrawn.IsZero() && v.From.After(now)
}

// PolicyVersions is every version of the policy with the revision they
// make together, which a saved change must name (see PolicyChange).
type PolicyVersions struct {
	// Revision counts the changes (saves and withdrawals) made so far.
	Revision int64
	// Versions are oldest first, withdrawn ones included.
	Versions []PolicyVersion
}

// InForce returns the version in force at t: of those not withdrawn, the
// one that took effect last by t, the one saved last between two that
// took effect at the same instant. ok is false when none had by then.
func (vs PolicyVersions) InForce(t time.Time) (v PolicyVersion, ok bool) {
	for _, c := range vs.Versions {
		if !c.Withdrawn.IsZero() || c.From.After(t) {
			continue
		}
		if !ok || c.From.After(v.From) || c.From.Equal(v.From) && c.ID > v.ID {
			v, ok = c, true
		}
	}
	return v, ok
}

// PolicyFrom returns the instant a version saved at created for the day
// effective takes effect (see PolicyVersion.From).
func PolicyFrom(effective Date, created time.Time) time.Time {
	from := effective.In(Helsinki, 0)
	if created.After(from) {
		return created
	}
	return from
}

// PolicyChange is a new version of the policy as an administrator saves
// it.
type PolicyChange struct {
	Policy    Policy
	Effective Date // today or later, in Helsinki
	// Replaces names a pending version that the new one takes the place
	// of (it is withdrawn in the same transaction); 0 adds a version.
	Replaces int64
	// Revision is PolicyVersions.Revision as the editor read it. A save
	// from an older revision is refused (ECONFLICT), so that of two
	// administrators editing at once, the second sees the first's change
	// instead of silently undoing it.
	Revision int64
}

// Rules keeps the versions of the circulation policy.
type Rules interface {
	// Policy returns the policy in force now.
	Policy(ctx context.Context) (Policy, error)
	// PolicyAt returns the version in force at t; ID 0 and the
	// DefaultPolicy when no version has been saved by then.
	PolicyAt(ctx context.Context, t time.Time) (PolicyVersion, error)
	PolicyVersions(ctx context.Context) (PolicyVersions, error)
	// SavePolicy validates and saves a version; bad rules are a
	// *PolicyError (EINVALID, or EFORBIDDEN for a library administrator
	// changing other libraries' rows).
	SavePolicy(ctx context.Context, c PolicyChange, by Staff, now time.Time) (PolicyVersion, error)
	// WithdrawPolicy withdraws a pending version.
	WithdrawPolicy(ctx context.Context, id, revision int64, by Staff, now time.Time) error
	// ExplainRule tells which row of the version in force at q.At (now,
	// if zero) wins.
	ExplainRule(ctx context.Context, q RuleQuery) (RuleExplanation, error)
	// CheckPolicy returns the problems SavePolicy would find in p.
	CheckPolicy(ctx context.Context, p Policy) ([]RuleProblem, error)
	// PolicyCodes returns the codes a policy's rows may name.
	PolicyCodes(ctx context.Context) (PolicyCodes, error)
}
