package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

// nameIn is a bilingual name in the reader's language.
func (b *Bot) nameIn(t *turn, name string) string { return core.NameIn(name, t.locale) }

// contractLine describes a contract in one line: kind, term, probation,
// signing and the decisions taken on it.
func (b *Bot) contractLine(t *turn, c contracts.Contract) string {
	end := c.End.String()
	if c.End.IsZero() {
		end = b.T(t, "contract.no_end")
	}
	parts := []string{b.T(t, "contract.line", "kind", b.T(t, "contract.kind."+string(c.Kind)), "start", c.Start.String(), "end", end)}
	if !c.ProbationEnd.IsZero() {
		key := "contract.line.probation"
		if c.Probation.Outcome != "" {
			key = "contract.line.probation_" + string(c.Probation.Outcome)
		}
		parts = append(parts, b.T(t, key, "date", c.ProbationEnd.String()))
	}
	if c.Signed.IsZero() {
		parts = append(parts, b.T(t, "contract.line.unsigned"))
	} else {
		parts = append(parts, b.T(t, "contract.line.signed", "date", c.Signed.String()))
	}
	if c.Renewal.Outcome != "" {
		parts = append(parts, b.T(t, "contract.line.renewal_"+string(c.Renewal.Outcome)))
	}
	return strings.Join(parts, b.T(t, "contract.sep"))
}

func (b *Bot) localDay(t *turn) core.Date { return core.DateOf(t.now.In(t.member.Org.Location())) }

// myContract is /contract without words: the person's own contracts, the
// one covering today first; HR also get the button to enter one.
func (b *Bot) myContract(ctx context.Context, t *turn) ([]Reply, error) {
	cs, err := b.cfg.Contracts.Mine(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	r := Reply{Text: b.contractsText(t, "contract.mine", t.member.Employee, cs), Ephemeral: true}
	if core.Authorize(*t.member, core.ActionContractManage, nil) == nil {
		r.Text += "\n\n" + b.T(t, "contract.usage")
		r.Buttons = [][]Button{{{Label: b.T(t, "contract.button.new"), ActionID: "contract.new"}}}
	}
	return []Reply{r}, nil
}

// personContracts is /contract PERSON: their contracts, for those who may
// see them; HR get the button to enter a new one.
func (b *Bot) personContracts(ctx context.Context, t *turn, key string) ([]Reply, error) {
	e, cs, err := b.cfg.Contracts.Of(ctx, *t.member, key, t.channel())
	if err != nil {
		return nil, err
	}
	r := Reply{Text: b.contractsText(t, "contract.of", e, cs), Ephemeral: true}
	if core.Authorize(*t.member, core.ActionContractManage, &e) == nil {
		r.Buttons = [][]Button{{{Label: b.T(t, "contract.button.new_for", "name", b.nameIn(t, e.Name)), ActionID: "contract.new", Value: e.Key}}}
	}
	return []Reply{r}, nil
}

// contractsText lists a person's contracts: the current one, any to come,
// and how many came before.
func (b *Bot) contractsText(t *turn, titleKey string, e core.Employee, cs []contracts.Contract) string {
	if len(cs) == 0 {
		return b.T(t, titleKey+"_none", "name", b.nameIn(t, e.Name))
	}
	today := b.localDay(t)
	lines := []string{b.T(t, titleKey, "name", b.nameIn(t, e.Name))}
	cur, ok := contracts.Current(cs, today)
	if ok {
		lines = append(lines, b.T(t, "contract.current", "contract", b.contractLine(t, cur)))
		if cur.InProbation(today) {
			lines = append(lines, b.T(t, "contract.in_probation", "date", cur.ProbationEnd.String(), "days", strconv.Itoa(today.DaysUntil(cur.ProbationEnd))))
		}
	} else {
		lines = append(lines, b.T(t, "contract.no_current"))
	}
	earlier := 0
	for _, c := range cs {
		switch {
		case c.Start.After(today):
			lines = append(lines, b.T(t, "contract.next", "contract", b.contractLine(t, c)))
		case !ok || c.ID != cur.ID:
			earlier++
		}
	}
	if earlier > 0 {
		lines = append(lines, b.T(t, "contract.earlier", "count", strconv.Itoa(earlier)))
	}
	return strings.Join(lines, "\n")
}

// recordSigned records the day a person's unsigned contract was signed:
// the latest one still unsigned.
func (b *Bot) recordSigned(ctx context.Context, t *turn, key, signed string) ([]Reply, error) {
	e, cs, err := b.cfg.Contracts.Of(ctx, *t.member, key, t.channel())
	if err != nil {
		return nil, err
	}
	for i := len(cs) - 1; i >= 0; i-- {
		if !cs[i].Signed.IsZero() {
			continue
		}
		terms := cs[i].Terms
		terms.Signed, _ = core.ParseDate(signed)
		c, err := b.cfg.Contracts.Update(ctx, *t.member, cs[i].ID, terms, t.channel())
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "contract.saved", "name", b.nameIn(t, e.Name), "contract", b.contractLine(t, c))}}, nil
	}
	return nil, core.Errorf(core.EInvalid, "contract.none_unsigned", "no unsigned contract").With("name", e.Name)
}

// contractList is /contracts: fixed terms ending soon, people without a
// signed contract, probations running — everyone's for HR, a manager's
// direct reports' for them.
func (b *Bot) contractList(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	o, err := b.cfg.Contracts.Overview(ctx, *t.member, t.channel())
	if err != nil {
		return nil, err
	}
	if len(o.Expiring)+len(o.Unsigned)+len(o.Probation) == 0 {
		return []Reply{{Text: b.T(t, "contracts.nothing", "days", strconv.Itoa(contracts.ExpiringDays)), Ephemeral: true}}, nil
	}
	lines := []string{b.T(t, "contracts.title", "date", o.Today.String())}
	section := func(key string, rows []contracts.Row, line func(contracts.Row) string) {
		if len(rows) == 0 {
			return
		}
		lines = append(lines, "", b.T(t, key, "count", strconv.Itoa(len(rows)), "days", strconv.Itoa(contracts.ExpiringDays)))
		for _, r := range rows {
			lines = append(lines, "• "+line(r))
		}
	}
	section("contracts.expiring", o.Expiring, func(r contracts.Row) string { return b.expiringRow(t, r) })
	section("contracts.unsigned", o.Unsigned, func(r contracts.Row) string { return b.unsignedRow(t, r) })
	section("contracts.probation", o.Probation, func(r contracts.Row) string {
		return b.T(t, "contracts.probation_row", "name", b.nameIn(t, r.Employee.Name), "date", r.Contract.ProbationEnd.String(),
			"days", strconv.Itoa(r.Days))
	})
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) expiringRow(t *turn, r contracts.Row) string {
	s := b.T(t, "contracts.expiring_row", "name", b.nameIn(t, r.Employee.Name), "start", r.Contract.Start.String(),
		"end", r.Contract.End.String(), "days", strconv.Itoa(r.Days))
	if r.Contract.Renewal.Outcome != "" {
		s += b.T(t, "contract.sep") + b.T(t, "contract.line.renewal_"+string(r.Contract.Renewal.Outcome))
	}
	return s
}

func (b *Bot) unsignedRow(t *turn, r contracts.Row) string {
	name := b.nameIn(t, r.Employee.Name)
	hire := "—"
	if !r.Employee.HireDate.IsZero() {
		hire = core.DateOf(r.Employee.HireDate).String()
	}
	if r.Contract.ID == 0 {
		return b.T(t, "contracts.unsigned_none", "name", name, "hire", hire, "days", strconv.Itoa(r.Days))
	}
	return b.T(t, "contracts.unsigned_row", "name", name, "hire", hire, "days", strconv.Itoa(r.Days), "start", r.Contract.Start.String())
}
