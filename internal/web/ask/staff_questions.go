package ask

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's questions: the list at /admin/ask/questions, filtered by
// library, status and "mine", and a question's page with its steps.

// askRow is a question or feedback in a staff list.
type askRow struct {
	URL      string
	What     string // the question's topic, the feedback's kind
	Library  web.LangText
	Created  string
	Age      string // how long it has waited (until answered or closed)
	Status   string
	Assignee string // "" when nobody has it
}

// askList is a staff list of questions or feedback.
type askList struct {
	Feedback  bool
	Action    string // the list's own path, the filter's form's action
	Libraries []option
	Statuses  []option
	Library   string // the library chosen; "-" for all in reach
	Status    string // the status chosen; "" the open ones
	Mine      bool
	Rows      []askRow
	Answered  int    // the rows answered, whose response times make the median
	Median    string // their median response time; "" when none
}

// allLibraries is the library filter's value for every library in reach.
const allLibraries = "-"

// readAskFilter reads a list's filter from the query, with Permit
// asked at the library chosen.
func (s *server) readAskFilter(r *http.Request, st library.Staff, l *askList) (library.AskFilter, error) {
	q := r.URL.Query()
	lib, has := q.Get("library"), q.Has("library") && q.Get("library") != allLibraries
	libs, err := askLibraries(st, lib, has)
	if err != nil {
		return library.AskFilter{}, err
	}
	f := library.AskFilter{Libraries: libs, Limit: 500}
	l.Library, l.Status, l.Mine = allLibraries, q.Get("status"), q.Get("mine") != ""
	if has {
		l.Library = lib
	}
	switch {
	case l.Status == "":
	case slices.Contains(library.AskStatuses, l.Status):
		f.Statuses = []string{l.Status}
	default:
		return f, &library.Error{Code: library.EINVALID, Key: "error.invalid", Message: "status " + l.Status}
	}
	if l.Mine {
		f.AssignedTo = st.ID
	}
	if l.Libraries, err = s.libraryOptions(r, st, l.Feedback); err != nil {
		return f, err
	}
	l.Libraries = append([]option{{Value: allLibraries, Label: web.LangText{Text: s.Tr(r, "ask_staff.all_libraries")}}}, l.Libraries...)
	l.Statuses = []option{{Value: "", Label: web.LangText{Text: s.Tr(r, "ask_staff.open")}}}
	for _, st := range library.AskStatuses {
		l.Statuses = append(l.Statuses, option{Value: st, Label: web.LangText{Text: s.Tr(r, "ask.status."+st)}})
	}
	return f, nil
}

// row describes a question or feedback for a list, and adds its response
// time to times when it was answered.
func (s *server) askRow(r *http.Request, url, what, lib string, h library.Handling, times *[]time.Duration) askRow {
	lang := s.Lang(r)
	if !h.Answered.IsZero() {
		*times = append(*times, h.ResponseTime())
	}
	return askRow{URL: url, What: what, Library: s.libraryName(r.Context(), lang, lib), Created: s.when(lang, h.Created),
		Age: s.duration(lang, h.Age(s.Now())), Status: s.Tr(r, "ask.status."+h.Status), Assignee: h.AssignedName}
}

// finish sets the list's median response time.
func (s *server) finish(r *http.Request, l *askList, times []time.Duration) {
	l.Answered = len(times)
	if len(times) > 0 {
		l.Median = s.duration(s.Lang(r), median(times))
	}
}

func (s *server) serveQuestionList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	l := &askList{Action: "/admin/ask/questions"}
	f, err := s.readAskFilter(r, st, l)
	if err != nil {
		return err
	}
	qs, err := s.questions()
	if err != nil {
		return err
	}
	list, err := qs.ListQuestions(r.Context(), f)
	if err != nil {
		return err
	}
	var times []time.Duration
	for _, q := range list {
		l.Rows = append(l.Rows, s.askRow(r, library.StaffQuestionPath(q.ID), s.Tr(r, "question.topic."+q.Topic), q.Library, q.Handling, &times))
	}
	s.finish(r, l, times)
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "ask_staff_list", s.Tr(r, "ask_staff.questions.title"), l)
	return nil
}

// askItem is a question's or feedback's staff page.
type askItem struct {
	Feedback   bool
	Path       string // the item's page; its steps are Path + "/" + step
	Heading    string
	Library    web.LangText
	Branch     web.LangText // feedback aimed at a branch
	What       string       // topic or kind
	Text       string
	Sender     string // the patron's or guest's name; "" when none given
	Contact    string // how the answer reaches them
	Status     string
	Open       bool
	CanClose   bool   // not closed yet
	Answerable bool   // someone can be told the answer
	Assignee   string // "" when nobody
	Answer     string
	Created    string
	Assigned   string // the times, "" until they happen
	Answered   string
	Closed     string
	Age        string
	ToAssigned string // created → first assigned
	ToAnswered string // created → answered
	Staff      []option
	Done       string
	// Feedback's publishing.
	Consent       bool
	Publishable   bool // answered or closed, with consent
	Published     bool
	PublishedAt   string
	PublicSummary string
	PublicAnswer  string
}

// fillHandling fills the page's handling and response times.
func (s *server) fillHandling(r *http.Request, it *askItem, h library.Handling) {
	lang := s.Lang(r)
	it.Status, it.Open, it.Assignee, it.Answer = s.Tr(r, "ask.status."+h.Status), h.Open(), h.AssignedName, h.Answer
	it.CanClose = h.Status != library.AskClosed
	it.Created, it.Assigned, it.Answered, it.Closed = s.when(lang, h.Created), s.when(lang, h.Assigned), s.when(lang, h.Answered), s.when(lang, h.Closed)
	it.Age = s.duration(lang, h.Age(s.Now()))
	if !h.Assigned.IsZero() {
		it.ToAssigned = s.duration(lang, h.Assigned.Sub(h.Created))
	}
	if !h.Answered.IsZero() {
		it.ToAnswered = s.duration(lang, h.ResponseTime())
	}
}

// senderName is who sent it, as staff see it.
func senderName(snd library.Sender) string {
	if snd.PatronID != 0 {
		return snd.PatronName
	}
	return snd.GuestName
}

// questionPage reads a question for st, Permit asked at its library.
func (s *server) questionPage(r *http.Request, st library.Staff) (*web.Form, library.Question, error) {
	id, err := itemID(r, "error.question_not_found")
	if err != nil {
		return nil, library.Question{}, err
	}
	qs, err := s.questions()
	if err != nil {
		return nil, library.Question{}, err
	}
	q, err := qs.Question(r.Context(), id)
	if err != nil {
		return nil, q, err
	}
	if err := library.Permit(st, library.ActAsk, q.Scope()); err != nil {
		return nil, q, err
	}
	lang := s.Lang(r)
	it := &askItem{Path: library.StaffQuestionPath(q.ID), Library: s.libraryName(r.Context(), lang, q.Library),
		What: s.Tr(r, "question.topic."+q.Topic), Text: q.Text, Sender: senderName(q.Sender), Answerable: true, Done: s.staffDone(r)}
	it.Heading = s.I18n().T(lang, "ask_staff.question.heading", map[string]any{"ID": q.ID})
	switch {
	case q.AnswerBy == library.AnswerByAccount:
		it.Contact = s.Tr(r, "ask_staff.contact.account")
	case q.PatronID != 0:
		it.Contact = s.Tr(r, "ask_staff.contact.patron_email")
	case q.GuestEmail != "":
		it.Contact = s.I18n().T(lang, "ask_staff.contact.email", map[string]any{"Email": q.GuestEmail})
	default:
		it.Contact, it.Answerable = s.Tr(r, "ask_staff.contact.none"), false
	}
	s.fillHandling(r, it, q.Handling)
	if it.Open {
		if it.Staff, err = s.assignees(r.Context(), q.Library); err != nil {
			return nil, q, err
		}
	}
	f := &web.Form{Action: it.Path, Values: map[string]string{"to": strconv.FormatInt(st.ID, 10)}, Errors: map[string]string{}, Data: it}
	if q.AssignedTo != 0 {
		f.Values["to"] = strconv.FormatInt(q.AssignedTo, 10)
	}
	return f, q, nil
}

func (s *server) serveQuestion(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	f, _, err := s.questionPage(r, st)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ask_staff_item", f.Data.(*askItem).Heading, f)
	return nil
}

// postQuestion takes a step on a question: assign, answer or close.
func (s *server) postQuestion(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	f, q, err := s.questionPage(r, st)
	if err != nil {
		return err
	}
	qs, err := s.questions()
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	switch step {
	case "assign":
		to, perr := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
		if perr != nil || to <= 0 {
			err = &library.Error{Code: library.EINVALID, Key: "error.ask_assignee", Message: "no assignee"}
		} else {
			_, err = qs.AssignQuestion(r.Context(), st, q.ID, to, s.Now())
		}
	case "answer":
		_, err = qs.AnswerQuestion(r.Context(), st, q.ID, r.PostFormValue("answer"), s.Now())
	case "close":
		_, err = qs.CloseQuestion(r.Context(), st, q.ID, s.Now())
	default:
		return library.Errorf(library.ENOTFOUND, "no step %q", step)
	}
	if err != nil {
		return s.refuseStep(w, r, f, err)
	}
	http.Redirect(w, r, f.Action+"?done="+step, http.StatusSeeOther)
	return nil
}

// refuseStep shows an item's page again with the refusal at its field,
// and what was typed.
func (s *server) refuseStep(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
	field, msg, status, fail := s.staffRefusal(r, err)
	if fail != nil {
		return fail
	}
	for _, n := range []string{"to", "answer", "summary", "public_answer"} {
		if r.PostForm.Has(n) {
			f.Values[n] = r.PostFormValue(n)
		}
	}
	if field != "" {
		f.Fail(field, msg)
	} else {
		f.Alert = msg
	}
	it := f.Data.(*askItem)
	it.Done = ""
	web.NoStore(w)
	s.Render(w, r, status, "ask_staff_item", it.Heading, f)
	return nil
}
