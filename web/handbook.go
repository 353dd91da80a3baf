package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/knowledge"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/knowledgebase"
)

// routeHandbook serves HR's handbook page: the documents, an upload, the
// questions the handbook did not answer (chat's /kb gaps) with a form to
// answer each (/kb answer), and the answers marked wrong (/kb wrong).
func (c *Console) routeHandbook() {
	if c.cfg.Knowledge == nil {
		return
	}
	c.addNav("/handbook", "web.nav.handbook", core.ActionKnowledgeManage, false)
	c.mux.HandleFunc("GET /handbook", c.staffPage(core.ActionKnowledgeManage, c.handbook))
	c.mux.HandleFunc("POST /handbook/upload", c.boundedUpload(knowledgebase.MaxUploadBytes, "kb.too_big", "2 MiB",
		c.staffPage(core.ActionKnowledgeManage, c.uploadHandbook)))
	c.mux.HandleFunc("POST /handbook/answer/{id}", c.staffPage(core.ActionKnowledgeManage, c.answerQuestion))
}

type docRow struct {
	Name, Title, Updated string
	Chunks               int
}

type questionRow struct {
	ID               int64
	When, Name, Text string
	Answer           string
	Forwarded        bool
	HRAnswer         string
}

type handbookData struct {
	Docs  []docRow
	Gaps  []questionRow
	Wrong []questionRow
	Max   string
}

// handbook lists the documents, the gaps and the answers marked wrong.
func (c *Console) handbook(rq *request) error {
	data, err := c.handbookData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "handbook", "web.title.handbook", data)
}

func (c *Console) handbookData(rq *request) (handbookData, error) {
	ctx := rq.r.Context()
	docs, err := c.cfg.Knowledge.Documents(ctx, rq.m, signin.Channel)
	if err != nil {
		return handbookData{}, err
	}
	v := view{request: rq}
	data := handbookData{Max: "2 MiB"}
	for _, d := range docs {
		data.Docs = append(data.Docs, docRow{Name: d.Name, Title: d.Title, Updated: v.When(d.ImportedAt), Chunks: d.Chunks})
	}
	gaps, err := c.cfg.Knowledge.Gaps(ctx, rq.m, 20)
	if err != nil {
		return handbookData{}, err
	}
	wrong, err := c.cfg.Knowledge.MarkedWrong(ctx, rq.m, 20)
	if err != nil {
		return handbookData{}, err
	}
	row := func(q knowledge.Question) questionRow {
		return questionRow{ID: q.ID, When: v.When(q.AskedAt), Name: rq.words.Name(q.EmployeeName), Text: q.Text,
			Answer: knowledgebase.Excerpt(q.Answer, rq.Locale(), 200), Forwarded: !q.ForwardedAt.IsZero(), HRAnswer: q.HRAnswer}
	}
	for _, q := range gaps {
		data.Gaps = append(data.Gaps, row(q))
	}
	for _, q := range wrong {
		data.Wrong = append(data.Wrong, row(q))
	}
	return data, nil
}

// uploadHandbook adds or replaces one document, as `hrbot kb import`
// reads files: Markdown, text or HTML.
func (c *Console) uploadHandbook(rq *request) error {
	file, header, err := rq.r.FormFile("file")
	if err != nil {
		return c.handbookError(rq, core.Errorf(core.EInvalid, "web.handbook.no_file", "no file"))
	}
	defer file.Close()
	body, err := io.ReadAll(io.LimitReader(file, knowledgebase.MaxUploadBytes+1))
	if err != nil {
		return err
	}
	res, err := c.cfg.Knowledge.Upload(rq.r.Context(), rq.m, header.Filename, body, signin.Channel)
	if err != nil {
		return c.handbookError(rq, err)
	}
	if res.Unchanged > 0 {
		return rq.back("/handbook", "web.done.handbook_unchanged")
	}
	return rq.back("/handbook", "web.done.handbook_uploaded")
}

// answerQuestion answers a question the handbook did not, as /kb answer
// does: the asker is told in chat.
func (c *Console) answerQuestion(rq *request) error {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return core.Errorf(core.ENotFound, "web.not_found", "no such question")
	}
	text := strings.TrimSpace(rq.r.PostFormValue("answer"))
	if text == "" {
		return c.handbookError(rq, core.Errorf(core.EInvalid, "web.handbook.answer_empty", "empty answer"))
	}
	if _, err := c.cfg.Knowledge.Reply(rq.r.Context(), rq.m, id, text, signin.Channel); err != nil {
		return c.handbookError(rq, err)
	}
	return rq.back("/handbook", "web.done.handbook_answered")
}

// handbookError shows a refusal on the handbook page itself.
func (c *Console) handbookError(rq *request, err error) error {
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden {
		return err
	}
	data, derr := c.handbookData(rq)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, http.StatusBadRequest, "handbook", "web.title.handbook", data, rq.words.Error(err))
}
