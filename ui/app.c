/*
 * app — the workstation's event loop: the stack of screens, the status
 * and message lines, colours, resize, and leaving the terminal as it was
 * found on every way out.  The questions in the message line are
 * prompt.c's.
 */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui.h"

static const struct {
	short fg, bg;
	int mono;
} colors[] = {
#define UI_COLOR_ROW(name, fg, bg, mono) {fg, bg, mono},
    UI_COLORS(UI_COLOR_ROW)
#undef UI_COLOR_ROW
};

/* Whether curses owns the terminal (for the exit path). */
static int curses_on;

/* Bracketed paste (xterm, tmux, PuTTY): pasted text arrives between these
 * two sequences, which curses hands over as two keys of our own. */
#define PASTE_ON    "\033[?2004h"
#define PASTE_OFF   "\033[?2004l"
#define PASTE_BEGIN (KEY_MAX + 1)
#define PASTE_END   (KEY_MAX + 2)

static void bracketed_paste(int on)
{
	fputs(on ? PASTE_ON : PASTE_OFF, stdout);
	fflush(stdout);
}

static void end_curses(void)
{
	if (curses_on) {
		curses_on = 0;
		bracketed_paste(0);
		endwin();
	}
}

/* Set by SIGHUP or SIGTERM: the loop saves what it can and ends. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

int ui_attr(struct ui *ui, enum ui_color c)
{
	if (!ui->color)
		return colors[c].mono;
	int attr = COLOR_PAIR(c + 1);
	if (c == UI_COLOR_CURSOR || c == UI_COLOR_TITLE || c == UI_COLOR_STATUS)
		attr |= (int)A_BOLD;
	if (c == UI_COLOR_REMOVED || c == UI_COLOR_ADDED)
		attr |= colors[c].mono;
	return attr;
}

/* A fatal signal first gives the terminal back, then does what it would
 * have done (tig's die_callback). */
static void on_fatal_signal(int sig)
{
	end_curses();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void start_curses(struct ui *ui)
{
	static const int fatal[] = {SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		signal(fatal[i], on_fatal_signal);
	/* A closed window or a kill: no SA_RESTART, so the read of the next
	 * key returns and the loop can save an open draft first. */
	struct sigaction stop = {.sa_handler = on_stop_signal};
	sigemptyset(&stop.sa_mask);
	sigaction(SIGHUP, &stop, NULL);
	sigaction(SIGTERM, &stop, NULL);
	const char *no_color = getenv("NO_COLOR");
	initscr();
	curses_on = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	define_key("\033[200~", PASTE_BEGIN);
	define_key("\033[201~", PASTE_END);
	bracketed_paste(1);
	ui->color = has_colors() && !(no_color && *no_color);
	if (ui->color) {
		start_color();
		use_default_colors();
		for (int c = 0; c < UI_COLOR_COUNT; c++)
			init_pair((short)(c + 1), colors[c].fg, colors[c].bg);
	}
	getmaxyx(stdscr, ui->rows, ui->cols);
}

void ui_suspend(struct ui *ui)
{
	(void)ui;
	def_prog_mode();
	bracketed_paste(0);
	endwin();
}

void ui_resume(struct ui *ui)
{
	reset_prog_mode();
	bracketed_paste(1);
	clearok(curscr, TRUE);
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui_redraw(ui);
}

static void vsay(struct ui *ui, int error, const char *fmt, va_list ap)
{
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	/* One line: the message line cannot show more. */
	for (char *p = ui->message; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	ui->message_is_error = error;
}

void ui_say(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(ui, 0, fmt, ap);
	va_end(ap);
}

void ui_fail(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(ui, 1, fmt, ap);
	va_end(ap);
	beep();
}

void ui_error(struct ui *ui, const struct gk_err *err)
{
	ui_fail(ui, "%s", err->msg);
}

void ui_push(struct ui *ui, struct screen *s)
{
	if (!s)
		return;
	s->below = ui->top;
	ui->top = s;
	if (s->ops->enter)
		s->ops->enter(ui, s);
}

void ui_pop(struct ui *ui)
{
	struct screen *s = ui->top;
	if (!s)
		return;
	ui->top = s->below;
	s->ops->leave(ui, s);
	if (ui->top && ui->top->ops->enter)
		ui->top->ops->enter(ui, ui->top);
}

/* Whether a screen on the stack holds work that is not saved. */
static int unsaved(struct ui *ui)
{
	for (struct screen *s = ui->top; s; s = s->below)
		if (s->ops->unsaved && s->ops->unsaved(ui, s))
			return 1;
	return 0;
}

/* The status line: who, where, the screen's counts; then the message, or
 * else the screen's hint of its main keys.  A message too long for its
 * line takes the status line's row too. */
static void draw_status(struct ui *ui)
{
	char counts[128] = "", left[512];
	struct screen *s = ui->top;
	int error = ui->message_is_error ? ui_attr(ui, UI_COLOR_ERROR) : 0;
	if (ui->message[0] && ui_width(ui->message) > ui->cols) {
		size_t len = strlen(ui->message);
		int cols;
		size_t first = ui_wrap(ui->message, len, ui->cols, &cols);
		char *head = strndup(ui->message, first);
		if (head)
			ui_put(ui->rows - 2, 0, head, ui->cols, error);
		free(head);
		ui_put(ui->rows - 1, 0, ui->message + first, ui->cols, error);
		return;
	}
	if (s && s->ops->status)
		s->ops->status(ui, s, counts, sizeof counts);
	const char *where = !s ? "" : s->name ? s->name : _(s->ops->name);
	if (ui->logged_in)
		snprintf(left, sizeof left, " %s (%s) │ %s", ui->me.name,
			 ui->me.login, where);
	else
		snprintf(left, sizeof left, " gongkai │ %s", where);
	int attr = ui_attr(ui, UI_COLOR_STATUS);
	int right = ui_width(counts) + 1;
	if (right > ui->cols - 24)
		right = ui->cols - 24;
	ui_put(ui->rows - 2, 0, left, ui->cols - right, attr);
	ui_put(ui->rows - 2, ui->cols - right, counts, right, attr);
	if (ui->message[0] || !s || !s->ops->hint)
		ui_put(ui->rows - 1, 0, ui->message, ui->cols, error);
	else
		ui_put(ui->rows - 1, 0, s->ops->hint(ui, s), ui->cols,
		       ui_attr(ui, UI_COLOR_DIM));
}

static void draw_too_small(struct ui *ui)
{
	char line[256];
	erase();
	snprintf(line, sizeof line, _("The terminal is too small: %d×%d."),
		 ui->cols, ui->rows);
	ui_put(0, 0, line, ui->cols, (int)A_BOLD);
	snprintf(line, sizeof line,
		 _("gongkai needs at least %d×%d; "
		   "enlarge the window."),
		 UI_MIN_COLS, UI_MIN_ROWS);
	if (ui->rows > 1)
		ui_put(1, 0, line, ui->cols, 0);
	if (ui->rows > 2)
		ui_put(2, 0,
		       unsaved(ui) ? _("What you typed is not saved yet: "
				       "enlarge the window to finish it.")
				   : _("Q quits."),
		       ui->cols, 0);
}

void ui_redraw(struct ui *ui)
{
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	ui->cursor_y = ui->cursor_x = -1;
	erase();
	if (ui->too_small) {
		draw_too_small(ui);
	} else {
		if (ui->top)
			ui->top->ops->draw(ui, ui->top);
		draw_status(ui);
	}
	if (ui->cursor_y >= 0) {
		curs_set(1);
		move(ui->cursor_y, ui->cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

int ui_getkey(void)
{
	static int pasting, failures;
	for (;;) {
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR) {
			/* A terminal that is gone answers every read with an
			 * error: after many in a row, stop as on SIGHUP. */
			if (errno != EINTR && ++failures > 100)
				stop_signal = SIGHUP;
			return -1;
		}
		failures = 0;
		if (rc == KEY_CODE_YES &&
		    (ch == PASTE_BEGIN || ch == PASTE_END)) {
			pasting = ch == PASTE_BEGIN;
			continue;
		}
		if (rc == KEY_CODE_YES)
			return UI_KEY((int)ch);
		/* Pasted text is text: its Tabs and line ends are no keys. */
		if (pasting)
			return (ch == '\r' ? '\n' : (int)ch) | UI_PASTED;
		return (int)ch;
	}
}

int ui_stopping(void)
{
	return stop_signal != 0;
}

char *ui_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	char *out = NULL;
	if ((strcmp(path, "~") == 0 || strncmp(path, "~/", 2) == 0) && home &&
	    *home) {
		if (asprintf(&out, "%s%s", home, path + 1) < 0)
			return NULL;
		return out;
	}
	return strdup(path);
}

/* ---- common keys ----------------------------------------------------- */

int ui_key_help(struct ui *ui, struct screen *s)
{
	char *text = ui_help_text(s->ops);
	char title[256];
	snprintf(title, sizeof title, _("Keys: %s"), _(s->ops->name));
	ui_push(ui, screen_text_new(title, text ? text : ""));
	free(text);
	return UI_CLEAR;
}

int ui_key_back(struct ui *ui, struct screen *s)
{
	(void)s;
	if (!ui->top->below)
		return ui_key_quit(ui, s);
	ui_pop(ui);
	return UI_CLEAR;
}

int ui_key_quit(struct ui *ui, struct screen *s)
{
	(void)s;
	if (ui_confirm(ui, unsaved(ui) ? _("A draft is not saved. Quit and "
					   "throw it away?")
				       : _("Quit gongkai?")))
		ui->quit = 1;
	return UI_CLEAR;
}

int ui_key_redraw(struct ui *ui, struct screen *s)
{
	(void)s;
	clearok(curscr, TRUE);
	ui->message[0] = '\0';
	return UI_CLEAR;
}

const struct ui_binding ui_browse_keys[] = {
    {UI_ACT_HELP, {'?', UI_KEY(KEY_F(1))}, ui_key_help, NULL},
    {UI_ACT_BACK, {'q'}, ui_key_back, NULL},
    {UI_ACT_CANCEL, {UI_ESC}, ui_key_back, NULL},
    {UI_ACT_QUIT, {'Q'}, ui_key_quit, NULL},
    {UI_ACT_REDRAW, {UI_CTRL('l')}, ui_key_redraw, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

/* ---- times -------------------------------------------------------------- */

void ui_local_time(const char *iso, char *out, size_t size)
{
	char local[GK_TIME_LEN];
	int64_t ms = gk_time_parse(iso);
	if (ms < 0) {
		snprintf(out, size, "%s", iso);
		return;
	}
	gk_time_local(ms, local);
	snprintf(out, size, "%s", local);
}

void ui_age(struct ui *ui, const char *iso, char *out, size_t size)
{
	int64_t then = gk_time_parse(iso);
	int64_t now = gk_store_now_ms(ui->store);
	if (then < 0) {
		snprintf(out, size, "?");
		return;
	}
	int64_t minutes = (now - then) / 60000;
	if (minutes < 0)
		minutes = 0;
	if (minutes < 1)
		snprintf(out, size, "%s", _("just now"));
	else if (minutes < 60)
		snprintf(out, size, _("%lldm"), (long long)minutes);
	else if (minutes < 24 * 60)
		snprintf(out, size, _("%lldh%lldm"), (long long)(minutes / 60),
			 (long long)(minutes % 60));
	else
		snprintf(out, size, _("%lldd%lldh"),
			 (long long)(minutes / (24 * 60)),
			 (long long)(minutes / 60 % 24));
}

/* ---- the loop ----------------------------------------------------------- */

int ui_action_ready(struct ui *ui, struct screen *s, enum ui_action a)
{
	if ((ui_action_needs(a) & UI_NEEDS_ROW) && s->ops->empty &&
	    ((struct list_view *)s)->list.count == 0) {
		ui_fail(ui, "%s", _(s->ops->empty));
		return 0;
	}
	return 1;
}

/* The binding of key on screen s, or NULL. */
static const struct ui_binding *binding(const struct screen *s, int key)
{
	for (const struct ui_binding *const *map = s->ops->keymaps; *map; map++)
		for (const struct ui_binding *b = *map; b->action; b++)
			for (int i = 0; b->keys[i]; i++)
				if (b->keys[i] == key)
					return b;
	return NULL;
}

/* Find key in the screen's tables; run it. */
static int dispatch(struct ui *ui, int key)
{
	struct screen *s = ui->top;
	/* Pasted text never runs a command; only fields take it. */
	if (key & UI_PASTED)
		return s->ops->input && s->ops->input(ui, s, key) != UI_UNBOUND
			   ? UI_DRAW
			   : UI_NONE;
	const struct ui_binding *b = binding(s, key);
	if (b)
		return ui_action_ready(ui, s, b->action) ? b->run(ui, s)
							 : UI_STATUS;
	if (s->ops->input) {
		int reaction = s->ops->input(ui, s, key);
		if (reaction != UI_UNBOUND)
			return reaction;
	}
	/* Text-entry screens take ? as a character: their help is F1. */
	char name[32];
	ui_key_name(key, name, sizeof name);
	ui_fail(ui,
		binding(s, '?')
		    ? _("The key %s does nothing here; ? shows the "
			"keys.")
		    : _("The key %s does nothing here; F1 shows the "
			"keys."),
		name);
	return UI_STATUS;
}

int ui_run(const char *db_path, const char *login)
{
	struct ui ui = {.db_path = db_path};
	struct gk_err err = {0};
	int rc;

	if ((rc = gk_store_open(db_path, 0, &ui.store, &err)) < 0 ||
	    (rc = gk_store_require_init(ui.store, &err)) < 0 ||
	    (rc = gk_agency_get(ui.store, &ui.agency, &err)) < 0) {
		fprintf(stderr, "gongkai: %s\n", err.msg);
		gk_store_close(ui.store);
		return gk_err_exit_status(rc);
	}
	atexit(end_curses);
	start_curses(&ui);
	ui_push(&ui, screen_login_new(login));
	int redraw = UI_CLEAR;
	while (!ui.quit && ui.top) {
		if (redraw & UI_CLEAR)
			clearok(curscr, TRUE);
		if (redraw)
			ui_redraw(&ui);
		int key = ui_getkey();
		if (stop_signal) {
			/* The window closed or someone asked us to stop:
			 * keep what is being written. */
			for (struct screen *s = ui.top; s; s = s->below)
				if (s->ops->rescue)
					s->ops->rescue(&ui, s);
			break;
		}
		if (key == -1) {
			redraw = UI_NONE;
			continue;
		}
		if (key == UI_KEY(KEY_RESIZE)) {
			redraw = UI_CLEAR;
			continue;
		}
		/* Too small to ask anything: Q quits only when nothing
		 * would be lost. */
		if (ui.too_small) {
			if (key == 'Q' && !unsaved(&ui))
				ui.quit = 1;
			redraw = UI_CLEAR;
			continue;
		}
		/* A message stays until the next key. */
		if (ui.message[0]) {
			ui.message[0] = '\0';
			ui.message_is_error = 0;
		}
		redraw = dispatch(&ui, key) | UI_STATUS;
	}
	while (ui.top) {
		/* Leaving: no reload of the screens below. */
		struct screen *s = ui.top;
		ui.top = s->below;
		s->ops->leave(&ui, s);
	}
	end_curses();
	gk_store_close(ui.store);
	return stop_signal ? 128 + stop_signal : 0;
}
