/*
 * screen_publish — the publisher's form for a signed item: the catalog
 * metadata (名称, 文号 and 公开方式 as signed; 内容概述 with its count,
 * 主题分类, 体裁, 关键词, 发布机构, 成文日期, 公开范围, 发布日期), the
 * channels with check boxes, and a preview of the 索引号 that follows the
 * 发布日期.  Fields take more than the core allows, so nothing typed or
 * pasted is cut: a field over its limit shows its count in the error
 * colour, and a bad date says why beside it.  Ctrl-S checks every field
 * with the core's own checks first (focusing the first bad one), then
 * asks once, naming the 索引号 and the channels, then makes ONE core call
 * (gk_publish) with the hash of the version on the form; a refusal leaves
 * everything typed where it was.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"
#include "publish.h"
#include "text.h"
#include "ui.h"

/* The fields in focus order: the text fields, then the channel list. */
enum {
	F_SUMMARY,
	F_TOPIC,
	F_GENRE,
	F_KEYWORDS,
	F_ISSUER,
	F_WRITTEN,
	F_SCOPE,
	F_DATE,
	F_CHANNELS,
	F_COUNT
};
#define N_LINES F_CHANNELS

struct publish_screen {
	struct screen base;
	char id[GK_ID_HEX + 1];
	char hash[GK_HASH_HEX + 1]; /* of the signed version on the form */
	char *title, *doc_no;
	char attr[16];
	struct ui_line lines[N_LINES];
	char *was[N_LINES]; /* what the fields held when the form opened */
	struct gk_channel *channels;
	int nchannels;
	int *chosen, *was_chosen;
	int channel; /* the selected row of the list */
	int channel_top;
	struct ui_form form; /* the focus; the fields but the channels */
	struct ui_line *form_lines[F_COUNT];
	/* The 索引号 preview and the 发布日期 it is for; when that date
	 * cannot be used, why (preview_error). */
	char index_no[GK_INDEX_NO_MAX + 1];
	char preview_date[64];
	char preview_error[GK_ERR_MSG_MAX];
	/* Why the 成文日期 cannot be used, as the core would say it; "". */
	char written_error[GK_ERR_MSG_MAX];
};

static struct publish_screen *publish_of(struct screen *s)
{
	return (struct publish_screen *)s;
}

static const char *const line_labels[N_LINES] = {
    N_("Summary"), N_("Topic"),	     N_("Genre"), N_("Keywords"),
    N_("Issuer"),  N_("Written on"), N_("Scope"), N_("Published on"),
};

/* The fields as the core's messages name them (the same msgids). */
static const char *const core_names[N_LINES] = {
    N_("The 内容概述 (summary)"), N_("The 主题分类 (topic)"),
    N_("The 体裁 (genre)"),	  N_("The keywords"),
    N_("The 发布机构 (issuer)"),  N_("The date written (成文日期)"),
    N_("The 公开范围 (scope)"),	  N_("The publication date (发布日期)"),
};

/* Characters the core takes in each field (dates: YYYY-MM-DD). */
static const int line_limit[N_LINES] = {
    GK_SUMMARY_MAX, GK_META_MAX, GK_META_MAX, GK_KEYWORDS_MAX,
    GK_ISSUER_MAX,  10,		 GK_META_MAX, 10,
};

/* Characters a text field takes while typing: more than the core's
 * limit, so a long paste is kept whole and shown as too long. */
#define TYPED_MAX 1000

static int is_date(int f)
{
	return f == F_WRITTEN || f == F_DATE;
}

#define LABEL_W 12
#define FIELD_X (LABEL_W + 1)
#define DATE_W	12
#define FIRST_Y 4 /* the first field's row, below the read-only three */
#define LIST_Y	(FIRST_Y + N_LINES + 2) /* the first channel's row */

/* Rows the channel list has on screen. */
static int list_height(const struct ui *ui)
{
	int h = ui->rows - 2 - LIST_Y;
	return h < 1 ? 1 : h;
}

/* ---- the dates: 成文日期 and the 索引号 preview ------------------------ */

/* The 成文日期 checked by the core (a real date, not after the
 * 发布日期, which is today when empty) into ps->written_error. */
static void check_written(struct ui *ui, struct publish_screen *ps)
{
	struct gk_err err = {0};
	char *written = ui_line_get(&ps->lines[F_WRITTEN]);
	char *date = ui_line_get(&ps->lines[F_DATE]);
	char today[11];
	ps->written_error[0] = '\0';
	gk_store_today(ui->store, today);
	if (written && written[0] && date &&
	    gk_publish_check_written(written, date[0] ? date : today, &err) < 0)
		snprintf(ps->written_error, sizeof ps->written_error, "%s",
			 err.msg);
	free(written);
	free(date);
}

/* Ask the core what publishing on the 发布日期 (empty: today) now would
 * give, when that date changed since the last preview (or always when
 * force). */
static void refresh_preview(struct ui *ui, struct publish_screen *ps, int force)
{
	struct gk_err err = {0};
	char *date = ui_line_get(&ps->lines[F_DATE]);
	if (!date)
		return;
	if (!force && strcmp(date, ps->preview_date) == 0) {
		free(date);
		return;
	}
	snprintf(ps->preview_date, sizeof ps->preview_date, "%s", date);
	ps->index_no[0] = ps->preview_error[0] = '\0';
	if ((date[0] &&
	     gk_text_check_date(date, _(core_names[F_DATE]), NULL, &err) < 0) ||
	    gk_publish_preview(ui->store, date[0] ? date : NULL, ps->index_no,
			       &err) < 0) {
		ps->index_no[0] = '\0';
		snprintf(ps->preview_error, sizeof ps->preview_error, "%s",
			 err.msg);
	}
	free(date);
}

/* ---- drawing ------------------------------------------------------------- */

/* The core's message about field without the field's name in front
 * (and the punctuation after it), for a note beside the field; the whole
 * message when it does not start so. */
static const char *beside_field(const char *msg, const char *field)
{
	static const char *const marks[] = {":", "：", ",", "，", " "};
	size_t n = strlen(field);
	if (strncmp(msg, field, n) != 0)
		return msg;
	const char *p = msg + n;
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
			if (strncmp(p, marks[i], strlen(marks[i])) == 0) {
				p += strlen(marks[i]);
				again = 1;
			}
	}
	return *p ? p : msg;
}

/* A read-only field: label and value, dim. */
static void draw_fixed(struct ui *ui, int y, const char *label,
		       const char *value)
{
	ui_put(y, 0, label, LABEL_W, 0);
	ui_put(y, FIELD_X, value, ui->cols - FIELD_X - 1,
	       ui_attr(ui, UI_COLOR_DIM));
}

static void draw_channels(struct ui *ui, struct publish_screen *ps)
{
	int height = list_height(ui), focus = ps->form.focus == F_CHANNELS;
	if (ps->channel < ps->channel_top)
		ps->channel_top = ps->channel;
	if (ps->channel >= ps->channel_top + height)
		ps->channel_top = ps->channel - height + 1;
	if (!ps->nchannels)
		ui_put(LIST_Y, 2, _("No channels are set up."), ui->cols - 2,
		       ui_attr(ui, UI_COLOR_DIM));
	for (int r = 0; r < height; r++) {
		int c = ps->channel_top + r;
		if (c >= ps->nchannels)
			break;
		const struct gk_channel *ch = &ps->channels[c];
		char name[512], line[1024];
		ui_fit(ch->name, 24, 1, name, sizeof name);
		if (strcmp(ch->encoding, "UTF-8") != 0)
			snprintf(line, sizeof line, " [%s] %s %s · %s",
				 ps->chosen[c] ? "x" : " ", name,
				 gk_channel_kind_label(ch->kind), ch->encoding);
		else
			snprintf(line, sizeof line, " [%s] %s %s",
				 ps->chosen[c] ? "x" : " ", name,
				 gk_channel_kind_label(ch->kind));
		int selected = focus && c == ps->channel;
		ui_put(LIST_Y + r, 0, selected ? ">" : " ", 1, 0);
		ui_put(LIST_Y + r, 1, line, ui->cols - 1,
		       selected ? ui_attr(ui, UI_COLOR_CURSOR) : 0);
		if (selected) {
			ui->cursor_y = LIST_Y + r;
			ui->cursor_x = 3;
		}
	}
}

static void publish_draw(struct ui *ui, struct screen *s)
{
	struct publish_screen *ps = publish_of(s);
	char line[1024], cut[1024];
	/* The title gives way only when the line cannot hold it. */
	/* TRANSLATORS: %s is the title in 《》. */
	snprintf(line, sizeof line, _("Publish %s"), "");
	ui_book_title(ps->title, ui->cols - ui_width(line), cut, sizeof cut);
	snprintf(line, sizeof line, _("Publish %s"), cut);
	ui_put(0, 0, line, ui->cols, ui_attr(ui, UI_COLOR_TITLE));

	draw_fixed(ui, 1, _("Title"), ps->title);
	draw_fixed(ui, 2, _("Doc no."), ps->doc_no[0] ? ps->doc_no : "—");
	draw_fixed(ui, 3, _("Disclosure"), gk_attr_label(ps->attr));

	int field = ui_attr(ui, UI_COLOR_FIELD);
	int width = ui->cols - FIELD_X - 1;
	for (int f = 0; f < N_LINES; f++) {
		int y = FIRST_Y + f, w = width;
		ui_put(y, 0, _(line_labels[f]), LABEL_W,
		       ps->form.focus == f ? (int)A_BOLD : 0);
		const char *note = NULL;
		int len = ps->lines[f].len, bad = 0;
		if (f == F_WRITTEN) {
			/* Said once the date is whole, or the focus left. */
			bad = ps->written_error[0] &&
			      (ps->form.focus != f || len >= line_limit[f]);
			note = bad ? beside_field(ps->written_error,
						  _(core_names[f]))
				   : _("YYYY-MM-DD, or empty: the day signed "
				       "off");
			w = DATE_W;
		} else if (f == F_DATE) {
			note = _("YYYY-MM-DD, or empty: today");
			w = DATE_W;
		} else if (f == F_SUMMARY || f == F_KEYWORDS ||
			   len > line_limit[f]) {
			/* The count as the publisher types; another field
			 * shows it only when it is too long. */
			bad = len > line_limit[f] || (f == F_SUMMARY && !len);
			snprintf(line, sizeof line, "%3d/%d", len,
				 line_limit[f]);
			note = line;
			w = width - 9;
		}
		ui_line_draw(ui, &ps->lines[f], y, FIELD_X, w,
			     ps->form.focus == f, field);
		if (note)
			ui_put(y, FIELD_X + w + 1, note, width - w - 1,
			       bad ? ui_attr(ui, UI_COLOR_ERROR)
				   : ui_attr(ui, UI_COLOR_DIM));
	}
	int y = FIRST_Y + N_LINES;
	ui_put(y, 0, _("Index no."), LABEL_W, 0);
	if (ps->index_no[0]) {
		snprintf(line, sizeof line, "%s  %s", ps->index_no,
			 _("(a preview: given when published)"));
		ui_put(y, FIELD_X, line, width, ui_attr(ui, UI_COLOR_HEADER));
	} else {
		ui_put(y, FIELD_X, ps->preview_error, width,
		       ui_attr(ui, UI_COLOR_ERROR));
	}
	snprintf(line, sizeof line, "── %s ── %s", _("Channels"),
		 _("Space chooses"));
	ui_put(y + 1, 0, line, ui->cols,
	       ps->form.focus == F_CHANNELS
		   ? ui_attr(ui, UI_COLOR_HEADER) | (int)A_BOLD
		   : ui_attr(ui, UI_COLOR_HEADER));
	draw_channels(ui, ps);
}

static void publish_status(struct ui *ui, struct screen *s, char *out,
			   size_t size)
{
	struct publish_screen *ps = publish_of(s);
	int n = 0;
	(void)ui;
	for (int c = 0; c < ps->nchannels; c++)
		n += ps->chosen[c];
	snprintf(out, size,
		 ngettext("%.8s · %d channel", "%.8s · %d channels",
			  (unsigned long)n),
		 ps->id, n);
}

/* ---- moving and typing --------------------------------------------------- */

/* The form's leaving: what depends on the field, refreshed. */
static void leaving(struct ui *ui, struct screen *s, int field)
{
	struct publish_screen *ps = publish_of(s);
	if (field == F_DATE)
		refresh_preview(ui, ps, 0);
	/* Leaving a 成文日期 that cannot be used: say why in full (the
	 * note beside it may be cut). */
	if (field == F_WRITTEN && ps->written_error[0])
		ui_fail(ui, "%s", ps->written_error);
}

static int key_next(struct ui *ui, struct screen *s)
{
	return ui_form_move(ui, s, &publish_of(s)->form, 1);
}

static int key_previous(struct ui *ui, struct screen *s)
{
	return ui_form_move(ui, s, &publish_of(s)->form, -1);
}

static int channels_input(struct ui *ui, struct publish_screen *ps, int key)
{
	switch (key) {
	case ' ':
	case 'x':
		if (ps->nchannels)
			ps->chosen[ps->channel] = !ps->chosen[ps->channel];
		return UI_DRAW;
	case 'j':
	case UI_KEY(KEY_DOWN):
		if (ps->channel + 1 < ps->nchannels)
			ps->channel++;
		return UI_DRAW;
	case 'k':
	case UI_KEY(KEY_UP):
		if (ps->channel > 0)
			ps->channel--;
		else
			ui_form_move(ui, &ps->base, &ps->form, -1);
		return UI_DRAW;
	case 'g':
	case UI_KEY(KEY_HOME): ps->channel = 0; return UI_DRAW;
	case 'G':
	case UI_KEY(KEY_END):
		ps->channel = ps->nchannels ? ps->nchannels - 1 : 0;
		return UI_DRAW;
	}
	return UI_UNBOUND;
}

static int publish_input(struct ui *ui, struct screen *s, int key)
{
	struct publish_screen *ps = publish_of(s);
	if (ps->form.focus == F_CHANNELS)
		return channels_input(ui, ps, key & ~UI_PASTED);
	int field = ps->form.focus, r = ui_form_key(ui, s, &ps->form, key);
	if (r == UI_UNBOUND || ps->form.focus != field)
		return r;
	/* An edit: what depends on the dates follows. */
	if (ps->form.focus == F_DATE)
		refresh_preview(ui, ps, 0);
	if (is_date(ps->form.focus))
		check_written(ui, ps);
	return UI_DRAW;
}

/* ---- unsaved work -------------------------------------------------------- */

static int publish_unsaved(struct ui *ui, struct screen *s)
{
	struct publish_screen *ps = publish_of(s);
	(void)ui;
	for (int f = 0; f < N_LINES; f++) {
		char *now = ui_line_get(&ps->lines[f]);
		int same = now && strcmp(now, ps->was[f]) == 0;
		free(now);
		if (!same)
			return 1;
	}
	for (int c = 0; c < ps->nchannels; c++)
		if (ps->chosen[c] != ps->was_chosen[c])
			return 1;
	return 0;
}

static int key_cancel(struct ui *ui, struct screen *s)
{
	int dirty = publish_unsaved(ui, s);
	if (dirty && !ui_confirm(ui, _("Leave the form and throw away what "
				       "you typed?")))
		return UI_DRAW;
	ui_pop(ui);
	ui_say(ui, "%s", _("Not published."));
	return UI_CLEAR;
}

/* ---- publishing ---------------------------------------------------------- */

/* The fields as typed (malloc'd; free with free_values). */
struct values {
	char *text[N_LINES];
};

static int take(struct publish_screen *ps, struct values *v)
{
	int ok = 1;
	for (int f = 0; f < N_LINES; f++)
		ok &= (v->text[f] = ui_line_get(&ps->lines[f])) != NULL;
	return ok ? 0 : -1;
}

static void free_values(struct values *v)
{
	for (int f = 0; f < N_LINES; f++)
		free(v->text[f]);
}

/* Whether field f holding text passes the core's check of it (into err
 * when not): the summary is required and every line has its limit; the
 * 成文日期 is a date not after the 发布日期, and the 发布日期 gives a
 * 索引号 (a real date, not in the future; empty: today). */
static int field_ok(struct ui *ui, struct publish_screen *ps, int f,
		    const char *text, struct gk_err *err)
{
	switch (f) {
	case F_WRITTEN:
		check_written(ui, ps);
		if (ps->written_error[0])
			return gk_fail(err, GK_EINVAL, "%s", ps->written_error);
		return 0;
	case F_DATE:
		refresh_preview(ui, ps, 1);
		if (!ps->index_no[0])
			return gk_fail(err, GK_EINVAL, "%s", ps->preview_error);
		return 0;
	case F_SUMMARY: break;
	default:
		if (!text[0])
			return 0; /* optional */
	}
	return gk_text_check_line(text, _(core_names[f]), (size_t)line_limit[f],
				  err);
}

/* The form's check: field_ok on the lines (the channels need none). */
static int check_field(struct ui *ui, struct screen *s, int field,
		       const char *text, struct gk_err *err)
{
	return field < N_LINES ? field_ok(ui, publish_of(s), field, text, err)
			       : 0;
}

/* The chosen channels' names, joined with 、, into out. */
static void chosen_names(const struct publish_screen *ps, char *out,
			 size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int c = 0; c < ps->nchannels; c++) {
		if (!ps->chosen[c])
			continue;
		int n = snprintf(out + used, size - used, "%s%s",
				 used ? "、" : "", ps->channels[c].name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

/* After publishing: how the deliveries went, appended to message. */
static void deliveries_said(struct ui *ui, const char *id, char *message,
			    size_t size)
{
	struct gk_delivery *d = NULL;
	struct gk_err err = {0};
	int n = 0, failed = 0;
	if (gk_delivery_list(ui->store, id, NULL, &d, &n, &err) < 0)
		return;
	for (int i = 0; i < n; i++)
		failed +=
		    gk_delivery_state_parse(d[i].state) == GK_DELIVERY_FAILED;
	free(d);
	if (!failed)
		return;
	char more[256];
	snprintf(more, sizeof more,
		 ngettext("%d delivery failed; the item says why.",
			  "%d deliveries failed; the item says why.",
			  (unsigned long)failed),
		 failed);
	size_t used = strlen(message);
	snprintf(message + used, size - used, " %s", more);
}

static int key_publish(struct ui *ui, struct screen *s)
{
	struct publish_screen *ps = publish_of(s);
	struct gk_err err = {0};
	struct values v;
	if (take(ps, &v) < 0) {
		free_values(&v);
		ui_fail(ui, "%s", _("Out of memory."));
		return UI_STATUS;
	}
	/* Every field as the core will check it, before asking anything,
	 * so that a refusal never comes after the question. */
	if (ui_form_check(ui, s, &ps->form) < 0) {
		free_values(&v);
		return UI_DRAW;
	}
	const char **codes = calloc((size_t)ps->nchannels + 1, sizeof *codes);
	if (!codes) {
		free_values(&v);
		return UI_STATUS;
	}
	int n = 0;
	for (int c = 0; c < ps->nchannels; c++)
		if (ps->chosen[c])
			codes[n++] = ps->channels[c].code;
	char names[1024], question[2048];
	chosen_names(ps, names, sizeof names);
	if (n)
		snprintf(question, sizeof question, _("Publish %s to %s?"),
			 ps->index_no, names);
	/* The question must show whole (ui_confirm cuts it to leave room
	 * for "(y/n)"): many channels are counted instead. */
	if (n && ui_width(question) > ui->cols - ui_width(_("(y/n)")) - 3)
		snprintf(question, sizeof question,
			 ngettext("Publish %s to the %d channel ticked?",
				  "Publish %s to the %d channels ticked?",
				  (unsigned long)n),
			 ps->index_no, n);
	else if (!n)
		snprintf(question, sizeof question,
			 _("Publish %s in the catalog only, to no channel?"),
			 ps->index_no);
	int r = UI_DRAW;
	if (!ui_confirm(ui, question)) {
		ui_say(ui, "%s",
		       _("Not published; the form is as you left "
			 "it."));
		goto done;
	}
	struct gk_pub_meta meta = {
	    .summary = v.text[F_SUMMARY],
	    .topic = v.text[F_TOPIC],
	    .genre = v.text[F_GENRE],
	    .keywords = v.text[F_KEYWORDS],
	    .issuer = v.text[F_ISSUER],
	    .written_on = v.text[F_WRITTEN],
	    .scope = v.text[F_SCOPE],
	    .published_on = v.text[F_DATE],
	    .channels = codes,
	    .channel_count = n,
	    .seen_hash = ps->hash,
	};
	char index_no[GK_INDEX_NO_MAX + 1] = "";
	if (gk_publish(ui->store, ui->me.id, ps->id, &meta, index_no, &err) <
	    0) {
		ui_error(ui, &err);
		refresh_preview(ui, ps, 1);
		goto done;
	}
	/* Short: the item screen below shows the rest. */
	char message[sizeof ui->message];
	snprintf(message, sizeof message, _("Published as %s."), index_no);
	char id[GK_ID_HEX + 1];
	memcpy(id, ps->id, sizeof id);
	deliveries_said(ui, id, message, sizeof message);
	/* Show the item with its publication; the form is gone. */
	ui_pop(ui);
	if (!screen_item_shows(ui->top, id))
		ui_push(ui, screen_item_new(ui, id));
	ui_say(ui, "%s", message);
	r = UI_CLEAR;
done:
	free(codes);
	free_values(&v);
	return r;
}

/* ---- the screen ---------------------------------------------------------- */

static void publish_enter(struct ui *ui, struct screen *s)
{
	/* Back from help, or first shown: another station may have
	 * published meanwhile; the day may have changed. */
	refresh_preview(ui, publish_of(s), 1);
	check_written(ui, publish_of(s));
}

static void publish_leave(struct ui *ui, struct screen *s)
{
	struct publish_screen *ps = publish_of(s);
	(void)ui;
	for (int f = 0; f < N_LINES; f++) {
		ui_line_free(&ps->lines[f]);
		free(ps->was[f]);
	}
	free(ps->title);
	free(ps->doc_no);
	free(ps->channels);
	free(ps->chosen);
	free(ps->was_chosen);
	free(ps);
}

static const char *publish_hint(struct ui *ui, struct screen *s)
{
	(void)ui;
	if (publish_of(s)->form.focus == F_CHANNELS)
		return _("Space choose · j k move · Ctrl-S publish · Esc "
			 "cancel · F1 keys");
	return _("Tab next field · Ctrl-S publish · Esc cancel · F1 keys");
}

static const struct ui_binding publish_keys[] = {
    {UI_ACT_ACCEPT,
     {UI_CTRL('s'), UI_KEY(KEY_F(2))},
     key_publish,
     N_("publish (asks first)")},
    {UI_ACT_CANCEL,
     {UI_ESC, UI_CTRL('g')},
     key_cancel,
     N_("cancel (asks when something was typed)")},
    {UI_ACT_NEXT_PART, {'\t'}, key_next, NULL},
    {UI_ACT_PREVIOUS_PART, {UI_KEY(KEY_BTAB)}, key_previous, NULL},
    {UI_ACT_HELP, {UI_KEY(KEY_F(1))}, ui_key_help, NULL},
    {UI_ACT_REDRAW, {UI_CTRL('l')}, ui_key_redraw, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding field_keys[] = {
    {UI_ACT_INPUT,
     {' ', 'x'},
     NULL,
     N_("in the channels: choose or leave out a channel")},
    {UI_ACT_INPUT,
     {'j', 'k', UI_KEY(KEY_DOWN), UI_KEY(KEY_UP)},
     NULL,
     N_("in the channels: move")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_UP), UI_KEY(KEY_DOWN), '\r'},
     NULL,
     N_("in a field: previous or next field")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_LEFT), UI_KEY(KEY_RIGHT), UI_KEY(KEY_HOME), UI_KEY(KEY_END)},
     NULL,
     N_("move in the field")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_BACKSPACE), UI_KEY(KEY_DC)},
     NULL,
     N_("delete before or at the cursor")},
    {UI_ACT_INPUT,
     {UI_CTRL('u'), UI_CTRL('k')},
     NULL,
     N_("delete to the start or to the end of the field")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const publish_keymaps[] = {publish_keys, NULL};

const struct screen_ops screen_publish_ops = {
    .name = N_("Publish"),
    .keymaps = publish_keymaps,
    .input_keys = field_keys,
    .enter = publish_enter,
    .draw = publish_draw,
    .input = publish_input,
    .status = publish_status,
    .unsaved = publish_unsaved,
    .hint = publish_hint,
    .leave = publish_leave,
};

static struct screen *publish_new(struct ui *ui, const char *item_id)
{
	struct gk_err err = {0};
	struct gk_item item;
	if (gk_doc_get(ui->store, item_id, &item, &err) < 0) {
		ui_error(ui, &err);
		return NULL;
	}
	struct publish_screen *ps = calloc(1, sizeof *ps);
	if (!ps) {
		gk_item_free(&item);
		return NULL;
	}
	ps->base.ops = &screen_publish_ops;
	for (int f = 0; f < N_LINES; f++)
		ps->form_lines[f] = &ps->lines[f];
	ps->form = (struct ui_form){.lines = ps->form_lines,
				    .count = F_COUNT,
				    .check = check_field,
				    .leaving = leaving};
	memcpy(ps->id, item.id, sizeof ps->id);
	memcpy(ps->hash, item.hash, sizeof ps->hash);
	snprintf(ps->attr, sizeof ps->attr, "%s", item.attr);
	ps->title = strdup(item.title);
	ps->doc_no = strdup(item.doc_no);
	gk_item_free(&item);

	/* What the core publishes for a field left empty. */
	struct gk_pub_defaults def = {0};
	if (gk_publish_defaults(ui->store, ps->id, &def, &err) < 0)
		ui_error(ui, &err);
	const char *initial[N_LINES] = {
	    [F_ISSUER] = def.issuer,
	    [F_WRITTEN] = def.written_on,
	    [F_SCOPE] = def.scope,
	    [F_DATE] = def.published_on,
	};
	int ok = ps->title && ps->doc_no;
	for (int f = 0; f < N_LINES; f++) {
		ui_line_init(&ps->lines[f],
			     is_date(f) ? line_limit[f] : TYPED_MAX,
			     initial[f] ? initial[f] : "");
		ok &= (ps->was[f] = ui_line_get(&ps->lines[f])) != NULL;
	}
	if (gk_channel_list(ui->store, &ps->channels, &ps->nchannels, &err) < 0)
		ui_error(ui, &err);
	ps->chosen = calloc((size_t)ps->nchannels + 1, sizeof *ps->chosen);
	ps->was_chosen =
	    calloc((size_t)ps->nchannels + 1, sizeof *ps->was_chosen);
	ok &= ps->chosen && ps->was_chosen;
	for (int c = 0; ok && c < ps->nchannels; c++)
		ps->chosen[c] = ps->was_chosen[c] = ps->channels[c].planned;
	if (!ok) {
		publish_leave(ui, &ps->base);
		ui_fail(ui, "%s", _("Out of memory."));
		return NULL;
	}
	return &ps->base;
}

void screen_publish_push(struct ui *ui, const char *item_id)
{
	struct gk_err err = {0};
	if (gk_publish_check(ui->store, ui->me.id, item_id, &err) < 0) {
		ui_error(ui, &err);
		return;
	}
	ui_push(ui, publish_new(ui, item_id));
}
