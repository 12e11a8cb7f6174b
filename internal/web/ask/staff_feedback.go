package ask

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's feedback: the list at /admin/ask/feedback, and a piece of
// feedback's page, where staff take, assign, answer and close it as a
// question, and publish it in words of their own when the sender
// consented.

func (s *server) serveFeedbackList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	l := &askList{Feedback: true, Action: "/admin/ask/feedback"}
	f, err := s.readAskFilter(r, st, l)
	if err != nil {
		return err
	}
	fs, err := s.feedback()
	if err != nil {
		return err
	}
	list, err := fs.ListFeedback(r.Context(), f)
	if err != nil {
		return err
	}
	var times []time.Duration
	for _, fb := range list {
		l.Rows = append(l.Rows, s.askRow(r, library.StaffFeedbackPath(fb.ID), s.Tr(r, "feedback.kind."+fb.Kind), fb.Library, fb.Handling, &times))
	}
	s.finish(r, l, times)
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "ask_staff_list", s.Tr(r, "ask_staff.feedback.title"), l)
	return nil
}

// feedbackPage reads a piece of feedback for st, Permit asked at its
// library (the consortium's for the web service).
func (s *server) feedbackPage(r *http.Request, st library.Staff) (*web.Form, library.Feedback, error) {
	id, err := itemID(r, "error.feedback_not_found")
	if err != nil {
		return nil, library.Feedback{}, err
	}
	fs, err := s.feedback()
	if err != nil {
		return nil, library.Feedback{}, err
	}
	fb, err := fs.Feedback(r.Context(), id)
	if err != nil {
		return nil, fb, err
	}
	if err := library.Permit(st, library.ActAsk, fb.Scope()); err != nil {
		return nil, fb, err
	}
	lang := s.Lang(r)
	it := &askItem{Feedback: true, Path: library.StaffFeedbackPath(fb.ID), Library: s.libraryName(r.Context(), lang, fb.Library),
		What: s.Tr(r, "feedback.kind."+fb.Kind), Text: fb.Text, Sender: senderName(fb.Sender), Answerable: fb.Answerable(),
		Consent: fb.Consent, Done: s.staffDone(r)}
	it.Heading = s.I18n().T(lang, "ask_staff.feedback.heading", map[string]any{"ID": fb.ID})
	if fb.Branch != "" {
		if names, err := s.BranchTexts(r.Context(), lang); err == nil {
			it.Branch = names[fb.Branch]
		}
	}
	switch {
	case fb.PatronID != 0:
		it.Contact = s.Tr(r, "ask_staff.contact.patron")
	case fb.GuestEmail != "":
		it.Contact = s.I18n().T(lang, "ask_staff.contact.email", map[string]any{"Email": fb.GuestEmail})
	default:
		it.Contact = s.Tr(r, "ask_staff.contact.none")
	}
	s.fillHandling(r, it, fb.Handling)
	it.Publishable = fb.Consent && (fb.Status == library.AskAnswered || fb.Status == library.AskClosed)
	it.Published, it.PublishedAt = !fb.PublishedAt.IsZero(), s.when(lang, fb.PublishedAt)
	it.PublicSummary, it.PublicAnswer = fb.PublicSummary, fb.PublicAnswer
	if it.Open {
		if it.Staff, err = s.assignees(r.Context(), fb.Library); err != nil {
			return nil, fb, err
		}
	}
	f := &web.Form{Action: it.Path, Values: map[string]string{"to": strconv.FormatInt(st.ID, 10),
		"summary": fb.PublicSummary, "public_answer": fb.PublicAnswer}, Errors: map[string]string{}, Data: it}
	if fb.AssignedTo != 0 {
		f.Values["to"] = strconv.FormatInt(fb.AssignedTo, 10)
	}
	if f.Values["public_answer"] == "" {
		f.Values["public_answer"] = fb.Answer // a start for staff to rewrite without personal details
	}
	return f, fb, nil
}

func (s *server) serveFeedbackItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	f, _, err := s.feedbackPage(r, st)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ask_staff_item", f.Data.(*askItem).Heading, f)
	return nil
}

// postFeedbackItem takes a step on feedback: assign, answer, close,
// publish or unpublish.
func (s *server) postFeedbackItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	f, fb, err := s.feedbackPage(r, st)
	if err != nil {
		return err
	}
	fs, err := s.feedback()
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	now := s.Now()
	switch step {
	case "assign":
		to, perr := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
		if perr != nil || to <= 0 {
			err = &library.Error{Code: library.EINVALID, Key: "error.ask_assignee", Message: "no assignee"}
		} else {
			_, err = fs.AssignFeedback(r.Context(), st, fb.ID, to, now)
		}
	case "answer":
		_, err = fs.AnswerFeedback(r.Context(), st, fb.ID, r.PostFormValue("answer"), now)
	case "close":
		_, err = fs.CloseFeedback(r.Context(), st, fb.ID, now)
	case "publish":
		summary, answer := r.PostFormValue("summary"), r.PostFormValue("public_answer")
		if summary == "" && answer == "" {
			// Two empty texts would unpublish: publishing asks for both.
			err = &library.Error{Code: library.EINVALID, Key: "error.feedback_publish_empty", Message: "nothing to publish"}
		} else {
			_, err = fs.PublishFeedback(r.Context(), st, fb.ID, summary, answer, now)
		}
	case "unpublish":
		_, err = fs.PublishFeedback(r.Context(), st, fb.ID, "", "", now)
	default:
		return library.Errorf(library.ENOTFOUND, "no step %q", step)
	}
	if err != nil {
		return s.refuseStep(w, r, f, err)
	}
	http.Redirect(w, r, f.Action+"?done="+step, http.StatusSeeOther)
	return nil
}
