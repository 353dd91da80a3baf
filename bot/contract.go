package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/conversation"
)

// ContractDesk keeps people's contracts (*contracts.Service).
type ContractDesk interface {
	Create(ctx context.Context, m core.Member, key string, t contracts.Terms, channel string) (contracts.Contract, error)
	Validate(ctx context.Context, m core.Member, key string, t contracts.Terms, channel string) error
	Manageable(ctx context.Context, m core.Member, key, channel string) (core.Employee, error)
	Update(ctx context.Context, m core.Member, id int64, t contracts.Terms, channel string) (contracts.Contract, error)
	Of(ctx context.Context, m core.Member, key, channel string) (core.Employee, []contracts.Contract, error)
	OfID(ctx context.Context, m core.Member, employeeID int64, channel string) (core.Employee, []contracts.Contract, error)
	Mine(ctx context.Context, m core.Member) ([]contracts.Contract, error)
	Find(ctx context.Context, m core.Member, id int64, channel string) (contracts.View, error)
	Overview(ctx context.Context, m core.Member, channel string) (contracts.Overview, error)
	ConfirmProbation(ctx context.Context, m core.Member, id int64, channel string) (contracts.Contract, error)
	ExtendProbation(ctx context.Context, m core.Member, id int64, until core.Date, channel string) (contracts.Contract, error)
	EndInProbation(ctx context.Context, m core.Member, id int64, channel string) (contracts.Contract, error)
	Renew(ctx context.Context, m core.Member, id int64, channel string) (contracts.Contract, error)
	NotRenew(ctx context.Context, m core.Member, id int64, channel string) (contracts.Contract, error)
}

func (b *Bot) contractFeature() feature {
	if b.cfg.Contracts == nil {
		return feature{}
	}
	steps := map[string]dialogStep{"contract/extend": b.extendAnswer}
	for _, s := range []string{fPerson, fKind, fStart, fEnd, fProbation, fSigned} {
		steps["contract/"+s] = b.contractAnswer(s)
	}
	return feature{
		commands: []command{
			{name: "contract", aliases: []string{"合同", "劳动合同"}, helpKey: "help.cmd.contract", run: b.contractCmd},
			{name: "contracts", aliases: []string{"合同列表", "合同提醒"}, helpKey: "help.cmd.contracts", staff: true, run: b.contractList},
		},
		actions: map[string]actionHandler{
			"contract.new":       {run: b.contractNew},
			"contract.kind":      {run: b.contractKind},
			"contract.answer":    {run: b.contractButtonAnswer},
			"contract.confirm":   {run: b.probationConfirm},
			"contract.extend":    {run: b.probationExtend},
			"contract.extend_to": {run: b.probationExtendTo},
			"contract.end":       {run: b.probationEndAsk},
			"contract.end_yes":   {run: b.probationEnd},
			"contract.keep":      {run: b.contractKeep},
			"contract.renew":     {run: b.contractRenew},
			"contract.not_renew": {run: b.contractNotRenew},
		},
		dialogs: steps,
		notifications: map[string]notificationRenderer{
			core.NotifyContractUnsigned: b.unsignedNotification,
			core.NotifyProbationEnding:  b.probationNotification,
			core.NotifyContractExpiring: b.expiryNotification,
		},
	}
}

// contractCmd is /contract: without words a person's own contract; with a
// person only, that person's contracts; with a person and a signing date,
// the signing of their unsigned contract; otherwise a contract to enter,
// asked for step by step where the line leaves something out.
func (b *Bot) contractCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if strings.TrimSpace(args) == "" {
		return b.myContract(ctx, t)
	}
	f, err := parseContractLine(args)
	if err != nil {
		return nil, err
	}
	switch {
	case len(f) == 1 && f[fPerson] != "":
		return b.personContracts(ctx, t, f[fPerson])
	case len(f) == 2 && f[fSigned] != "" && f[fSigned] != contractNone:
		return b.recordSigned(ctx, t, f[fPerson], f[fSigned])
	}
	if _, err := b.cfg.Contracts.Manageable(ctx, *t.member, f[fPerson], t.channel()); err != nil {
		return nil, err
	}
	return b.contractAdvance(ctx, t, f)
}

// contractNew starts the dialog for a new contract, for the person the
// button names ("" asks whose).
func (b *Bot) contractNew(ctx context.Context, t *turn, key string) ([]Reply, error) {
	f := map[string]string{fAsk: "1"}
	if key != "" {
		e, err := b.cfg.Contracts.Manageable(ctx, *t.member, key, t.channel())
		if err != nil {
			return nil, err
		}
		f[fPerson] = e.Key
	}
	return b.contractAdvance(ctx, t, f)
}

// contractAdvance checks the fields given so far, once there are enough
// to check, and stores the contract when nothing is left to ask; else it
// asks the next question. A field the rules refuse is asked again, with
// the reason.
func (b *Bot) contractAdvance(ctx context.Context, t *turn, f map[string]string) ([]Reply, error) {
	problem := ""
	if contractStep(f) != fPerson && contractStep(f) != fKind && f[fStart] != "" &&
		(f[fEnd] != "" || contracts.Kind(f[fKind]) != contracts.FixedTerm) {
		if err := b.cfg.Contracts.Validate(ctx, *t.member, f[fPerson], contractTerms(f), t.channel()); err != nil {
			field, ok := contractFieldOf(err)
			if !ok {
				return nil, err
			}
			delete(f, field)
			if field == fStart {
				delete(f, fEnd)
			}
			f[fAsk] = "1"
			problem = b.errorReply(t, "contract", err).Text
		}
	}
	step := contractStep(f)
	if step == "" {
		c, err := b.cfg.Contracts.Create(ctx, *t.member, f[fPerson], contractTerms(f), t.channel())
		if err != nil {
			return nil, err
		}
		if err := b.endDialog(ctx, t); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "contract.saved", "name", b.nameIn(t, c.EmployeeName), "contract", b.contractLine(t, c))}}, nil
	}
	return b.contractAsk(ctx, t, f, step, problem)
}

// contractFieldOf is the field to ask again after the rules refused err.
func contractFieldOf(err error) (string, bool) {
	e, ok := core.AsError(err)
	if !ok || (e.Code != core.EInvalid && e.Code != core.EConflict) {
		return "", false
	}
	switch {
	case strings.HasPrefix(e.Key, "contract.probation_"):
		return fProbation, true
	case strings.HasPrefix(e.Key, "contract.end_"):
		return fEnd, true
	case e.Key == "contract.signed_future":
		return fSigned, true
	case e.Key == "contract.overlap", e.Key == "contract.start_required":
		return fStart, true
	case e.Key == "contract.bad_kind":
		return fKind, true
	}
	return "", false
}

// contractAsk opens the dialog at step and asks its question, after the
// problem with the last answer when there was one.
func (b *Bot) contractAsk(ctx context.Context, t *turn, f map[string]string, step, problem string) ([]Reply, error) {
	f[fAsk] = "1"
	if err := b.beginDialog(ctx, t, "contract", step, f); err != nil {
		return nil, err
	}
	q := b.contractQuestion(ctx, t, f, step)
	if problem != "" {
		q.Text = problem + "\n" + q.Text
	}
	return []Reply{q}, nil
}

// contractQuestion is the question of one step, with its buttons.
func (b *Bot) contractQuestion(ctx context.Context, t *turn, f map[string]string, step string) Reply {
	name := f[fPerson]
	if e, err := b.cfg.Contracts.Manageable(ctx, *t.member, name, t.channel()); err == nil {
		name = b.nameIn(t, e.Name)
	}
	answer := func(label, value string) Button {
		return Button{Label: label, ActionID: "contract.answer", Value: step + "=" + value}
	}
	cancel := b.cancelButton(t)[0]
	switch step {
	case fPerson:
		return Reply{Text: b.T(t, "contract.ask.person"), Buttons: [][]Button{cancel}}
	case fKind:
		var rows [][]Button
		for i, k := range contracts.Kinds() {
			if i%2 == 0 {
				rows = append(rows, nil)
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], Button{Label: b.T(t, "contract.kind."+string(k)), ActionID: "contract.kind", Value: string(k)})
		}
		return Reply{Text: b.T(t, "contract.ask.kind", "name", name), Buttons: append(rows, cancel)}
	case fStart:
		return Reply{Text: b.T(t, "contract.ask.start", "name", name), Buttons: [][]Button{cancel}}
	case fEnd:
		if contracts.Kind(f[fKind]) == contracts.FixedTerm {
			return Reply{Text: b.T(t, "contract.ask.end_fixed"), Buttons: [][]Button{cancel}}
		}
		return Reply{Text: b.T(t, "contract.ask.end"), Buttons: [][]Button{{answer(b.T(t, "contract.button.no_end"), contractNone)}, cancel}}
	case fProbation:
		max := contracts.MaxProbation(contractTerms(f))
		return Reply{Text: b.T(t, "contract.ask.probation", "months", strconv.Itoa(max.Months), "latest", max.Latest.String()),
			Buttons: [][]Button{{answer(b.T(t, "contract.button.until", "date", max.Latest.String()), max.Latest.String()),
				answer(b.T(t, "contract.button.no_probation"), contractNone)}, cancel}}
	}
	today := core.DateOf(t.now.In(t.member.Org.Location())).String()
	return Reply{Text: b.T(t, "contract.ask.signed"), Buttons: [][]Button{{answer(b.T(t, "contract.button.signed_today"), today),
		answer(b.T(t, "contract.button.not_signed"), contractNone)}, cancel}}
}

// contractAnswer reads a typed answer to step. Words that answer nothing
// end the dialog and are read afresh; a wrong date is asked again.
func (b *Bot) contractAnswer(step string) dialogStep {
	return func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
		f, text := d.Data, strings.TrimSpace(text)
		if f == nil {
			f = map[string]string{}
		}
		switch {
		case step == fPerson:
			e, err := b.cfg.Contracts.Manageable(ctx, *t.member, text, t.channel())
			if core.ErrorCodeOf(err) == core.ENotFound || core.ErrorCodeOf(err) == core.EConflict {
				return b.contractAsk(ctx, t, f, step, b.errorReply(t, "contract", err).Text)
			}
			if err != nil {
				return nil, err
			}
			f[fPerson] = e.Key
		case step == fKind:
			k, ok := contracts.ParseKind(text)
			if !ok {
				return nil, errNotAnswer
			}
			f[fKind] = string(k)
		case step != fStart && (noneWords[strings.ToLower(text)] || step == fSigned && unsignedWords[strings.ToLower(text)]) &&
			!(step == fEnd && f[fKind] == string(contracts.FixedTerm)):
			f[step] = contractNone
		case step == fProbation && probationMonths(text) > 0:
			f[step] = strconv.Itoa(probationMonths(text)) + "m"
		case looksLikeDate(text):
			day, err := parseContractDate(text)
			if err != nil {
				return b.contractAsk(ctx, t, f, step, b.errorReply(t, "contract", err).Text)
			}
			f[step] = day.String()
		default:
			return nil, errNotAnswer
		}
		return b.contractAdvance(ctx, t, f)
	}
}

// contractKind is a kind pressed at the kind step.
func (b *Bot) contractKind(ctx context.Context, t *turn, value string) ([]Reply, error) {
	return b.contractButton(ctx, t, fKind, value)
}

// contractButtonAnswer is an answer pressed: "STEP=VALUE".
func (b *Bot) contractButtonAnswer(ctx context.Context, t *turn, value string) ([]Reply, error) {
	step, v, _ := strings.Cut(value, "=")
	return b.contractButton(ctx, t, step, v)
}

func (b *Bot) contractButton(ctx context.Context, t *turn, step, value string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "contract" || d.Step != step {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	d.Data[step] = value
	replies, err := b.contractAdvance(ctx, t, d.Data)
	for i := range replies {
		replies[i].ReplaceMessage = true // the question answered gives way to the next
	}
	return replies, err
}
