package chat

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Chat hours at /admin/chat/hours: each queue's weekly slots, and for
// the consortium's administrator the consortium's choices (one queue or
// one per library, how long chats are kept).

// slotsPerDay is how many stretches a day's form offers.
const slotsPerDay = 2

// dayRow is a weekday's row of the hours form.
type dayRow struct {
	Day   int
	Name  string
	Slots []slotField
}

type slotField struct {
	Open, Close string
	OpenName    string
	CloseName   string
	Error       string
}

// hoursData is the hours page.
type hoursData struct {
	Queue     string
	Queues    []option
	Days      []dayRow
	Alert     string
	Done      string
	Admin     bool // may change the consortium's settings
	Settings  library.ChatSettings
	Retention int
}

// weekOrder is Monday first, as Finnish calendars are.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

var clock = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

func (s *server) hoursPage(r *http.Request, st library.Staff, queue string) (*hoursData, error) {
	ctx := r.Context()
	lang := s.Lang(r)
	cs, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := s.queues(ctx, st)
	if err != nil {
		return nil, err
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	d := &hoursData{Settings: cs, Retention: cs.RetentionDays,
		Admin: library.Permit(st, library.ActConsortium, library.ConsortiumScope) == nil}
	if d.Retention == 0 {
		d.Retention = int(library.DefaultChatRetention / (24 * time.Hour))
	}
	for _, q := range qs {
		name := s.I18n().T(lang, "chat_web.answers.consortium", nil)
		for _, l := range libs {
			if l.ID == q {
				name = web.TextIn(l.Name, lang).Text
			}
		}
		d.Queues = append(d.Queues, option{Value: q, Label: web.LangText{Text: name, Lang: lang}})
	}
	if !hasOption(d.Queues, queue) && len(d.Queues) > 0 {
		queue = d.Queues[0].Value
	}
	d.Queue = queue
	chats, err := s.chats()
	if err != nil {
		return nil, err
	}
	slots, err := chats.ChatHours(ctx, queue)
	if err != nil {
		return nil, err
	}
	for _, wd := range weekOrder {
		row := dayRow{Day: int(wd), Name: s.I18n().T(lang, "chat_web.hours.day."+strconv.Itoa(int(wd)), nil)}
		for _, sl := range slots {
			if sl.Weekday == wd && len(row.Slots) < slotsPerDay {
				row.Slots = append(row.Slots, slotField{Open: sl.Open, Close: sl.Close})
			}
		}
		for len(row.Slots) < slotsPerDay {
			row.Slots = append(row.Slots, slotField{})
		}
		for i := range row.Slots {
			row.Slots[i].OpenName = "open-" + strconv.Itoa(int(wd)) + "-" + strconv.Itoa(i)
			row.Slots[i].CloseName = "close-" + strconv.Itoa(int(wd)) + "-" + strconv.Itoa(i)
		}
		d.Days = append(d.Days, row)
	}
	return d, nil
}

func (s *server) serveHours(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	d, err := s.hoursPage(r, st, r.URL.Query().Get("queue"))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") != "" {
		d.Done = s.Tr(r, "chat_web.hours.saved")
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "chat_hours", s.Tr(r, "chat_web.hours.title"), d)
	return nil
}

func (s *server) postHours(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	d, err := s.hoursPage(r, st, r.PostFormValue("queue"))
	if err != nil {
		return err
	}
	if d.Queue != r.PostFormValue("queue") {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.forbidden", Message: "chat hours of queue " + r.PostFormValue("queue")}
	}
	var slots []library.ChatSlot
	bad := false
	for i := range d.Days {
		row := &d.Days[i]
		for j := range row.Slots {
			f := &row.Slots[j]
			f.Open, f.Close = r.PostFormValue(f.OpenName), r.PostFormValue(f.CloseName)
			switch {
			case f.Open == "" && f.Close == "":
				continue
			case !clock.MatchString(f.Open) || !clock.MatchString(f.Close) || f.Close <= f.Open:
				f.Error = s.Tr(r, "chat_web.hours.bad_slot")
				bad = true
				continue
			}
			slots = append(slots, library.ChatSlot{Queue: d.Queue, Weekday: time.Weekday(row.Day), Open: f.Open, Close: f.Close})
		}
	}
	status := http.StatusBadRequest
	if !bad {
		chats, err := s.chats()
		if err != nil {
			return err
		}
		err = chats.SetChatHours(r.Context(), st, d.Queue, slots, s.Now())
		if err == nil {
			http.Redirect(w, r, "/admin/chat/hours?done=1&queue="+d.Queue, http.StatusSeeOther)
			return nil
		}
		msg, code, ok := s.errorText(s.Lang(r), err)
		if !ok {
			return err
		}
		d.Alert, status = msg, code
	} else {
		d.Alert = s.Tr(r, "chat_web.hours.bad_slot")
	}
	web.NoStore(w)
	s.Render(w, r, status, "chat_hours", s.Tr(r, "chat_web.hours.title"), d)
	return nil
}

// postSettings changes the consortium's choices.
func (s *server) postSettings(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActConsortium, library.ConsortiumScope); err != nil {
		return err
	}
	store, ok := s.Store().(settings)
	if !ok {
		return library.Errorf(library.EINTERNAL, "chat: the store keeps no settings")
	}
	cs := library.ChatSettings{Queue: r.PostFormValue("queue_mode"), Disabled: r.PostFormValue("disabled") == "1"}
	days, err := strconv.Atoi(r.PostFormValue("retention"))
	if cs.Queue != library.ChatQueueLibrary && cs.Queue != library.ChatQueueConsortium || err != nil || days < 1 || days > 3650 {
		d, derr := s.hoursPage(r, st, "")
		if derr != nil {
			return derr
		}
		d.Alert = s.Tr(r, "chat_web.settings.bad")
		web.NoStore(w)
		s.Render(w, r, http.StatusBadRequest, "chat_hours", s.Tr(r, "chat_web.hours.title"), d)
		return nil
	}
	cs.RetentionDays = days
	if err := store.PutSetting(r.Context(), library.ChatSettingsKey, cs); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/chat/hours?done=1", http.StatusSeeOther)
	return nil
}
