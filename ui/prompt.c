/*
 * prompt — the one-line questions in the message line: yes or no, a line
 * of text (with its editing keys, and ↑ ↓ through the answers given to
 * the same question before), and a line the core checks, asked again
 * with the core's reason until it is taken.  Each is a small modal loop
 * that draws the screen underneath, so a resize is survived; Esc,
 * Ctrl-G and Ctrl-C cancel.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "ui.h"

/* ---- history ---------------------------------------------------------- */

/* The answers of the last questions answered, newest first, per
 * question: for the folder or the comment typed a minute ago. */
#define HISTORY_QUESTIONS 32
static struct history {
	char *question;
	char *answers[UI_HISTORY_MAX];
	int count;
} histories[HISTORY_QUESTIONS];

/* The history of question, or NULL.  make: made if none, and moved to
 * the front (the question asked longest ago gives way to a new one). */
static struct history *history_of(const char *question, int make)
{
	int at = 0;
	while (at < HISTORY_QUESTIONS && histories[at].question &&
	       strcmp(histories[at].question, question) != 0)
		at++;
	int found = at < HISTORY_QUESTIONS && histories[at].question;
	if (!make)
		return found ? &histories[at] : NULL;
	if (!found) {
		at = HISTORY_QUESTIONS - 1;
		struct history *old = &histories[at];
		for (int i = 0; i < old->count; i++)
			free(old->answers[i]);
		free(old->question);
		memset(old, 0, sizeof *old);
		if (!(old->question = strdup(question)))
			return NULL;
	}
	struct history h = histories[at];
	memmove(histories + 1, histories, (size_t)at * sizeof histories[0]);
	histories[0] = h;
	return &histories[0];
}

void ui_history_add(const char *question, const char *answer)
{
	struct history *h;
	if (!answer[0] || !(h = history_of(question, 1)))
		return;
	char *copy = strdup(answer);
	if (!copy)
		return;
	/* Once each, newest first. */
	for (int i = 0; i < h->count; i++)
		if (strcmp(h->answers[i], answer) == 0) {
			free(h->answers[i]);
			memmove(h->answers + i, h->answers + i + 1,
				(size_t)(h->count - i - 1) *
				    sizeof h->answers[0]);
			h->count--;
			break;
		}
	if (h->count == UI_HISTORY_MAX)
		free(h->answers[--h->count]);
	memmove(h->answers + 1, h->answers,
		(size_t)h->count * sizeof h->answers[0]);
	h->answers[0] = copy;
	h->count++;
}

const char *ui_history_get(const char *question, int n)
{
	const struct history *h = history_of(question, 0);
	return h && n >= 0 && n < h->count ? h->answers[n] : NULL;
}

void ui_history_clear(void)
{
	for (int i = 0; i < HISTORY_QUESTIONS; i++) {
		for (int j = 0; j < histories[i].count; j++)
			free(histories[i].answers[j]);
		free(histories[i].question);
	}
	memset(histories, 0, sizeof histories);
}

/* ---- the loop --------------------------------------------------------- */

/* What is being asked: the label shown, and for a line, its field, the
 * question its history is kept under and where in it ↑ ↓ are (-1: the
 * text being typed, kept in typed). */
struct asking {
	const char *label;
	struct ui_line *line;
	int yes_no, field_cols;
	const char *question;
	int recalled;
	char *typed;
};

/* ↑ (dir 1, older) or ↓ (-1) through the answers given before. */
static void recall(struct asking *a, int dir)
{
	int to = a->recalled + dir;
	const char *answer = to >= 0 ? ui_history_get(a->question, to) : NULL;
	if (to >= 0 && !answer) {
		beep();
		return;
	}
	if (a->recalled < 0) {
		free(a->typed);
		a->typed = ui_line_get(a->line);
	}
	a->recalled = to;
	ui_line_set(a->line, to >= 0 ? answer : a->typed ? a->typed : "");
}

/*
 * A small modal loop in the message line: draws the screen underneath
 * (so a resize is survived), then the prompt with the field, which keeps
 * at least field_cols columns.  A message said before the question (why
 * an answer was not taken) shows on the status line's row above it.
 */
static int ask_loop(struct ui *ui, struct asking *a)
{
	for (;;) {
		ui_redraw(ui);
		if (!ui->too_small && ui->message[0])
			ui_put(ui->rows - 2, 0, ui->message, ui->cols,
			       ui->message_is_error
				   ? ui_attr(ui, UI_COLOR_ERROR) | (int)A_BOLD
				   : ui_attr(ui, UI_COLOR_STATUS));
		if (ui->too_small) {
			int key = ui_getkey();
			if (ui_stopping() || key == 'Q' ||
			    key == UI_CTRL('g') || key == UI_ESC)
				return 0;
			continue;
		}
		/* A question takes the line; a field keeps its columns. */
		int y = ui->rows - 1, lw = ui_width(a->label);
		int room = a->line ? ui->cols - a->field_cols : ui->cols - 2;
		if (lw > room)
			lw = room;
		move(y, 0);
		clrtoeol();
		ui_put(y, 0, a->label, lw, (int)A_BOLD);
		if (a->line) {
			ui_line_draw(ui, a->line, y, lw + 1, ui->cols - lw - 1,
				     1, 0);
			curs_set(1);
			move(ui->cursor_y, ui->cursor_x);
		} else {
			curs_set(1);
			move(y, lw < ui->cols - 1 ? lw + 1 : lw);
		}
		refresh();
		int key = ui_getkey();
		if (ui_stopping())
			return 0;
		if (key == -1 || key == UI_KEY(KEY_RESIZE) ||
		    key == UI_CTRL('l'))
			continue;
		if (key == UI_ESC || key == UI_CTRL('g') || key == UI_CTRL('c'))
			return 0;
		if (a->yes_no) {
			/* y/n in either language: 是 and 否 too. */
			if (key == 'y' || key == 'Y' || key == L'是')
				return 1;
			if (key == 'n' || key == 'N' || key == L'否' ||
			    key == 'q')
				return 0;
			continue;
		}
		if (key & UI_PASTED) {
			ui_line_key(a->line, key);
			continue;
		}
		if (key == '\r' || key == '\n' || key == UI_KEY(KEY_ENTER))
			return 1;
		if (key == UI_KEY(KEY_UP) || key == UI_KEY(KEY_DOWN)) {
			recall(a, key == UI_KEY(KEY_UP) ? 1 : -1);
			continue;
		}
		ui_line_key(a->line, key);
	}
}

int ui_confirm(struct ui *ui, const char *question)
{
	/* The question gives way; "(y/n)" always shows. */
	char label[1100], cut[1024];
	const char *yes_no = _("(y/n)");
	ui_fit(question, ui->cols - ui_width(yes_no) - 3, 0, cut, sizeof cut);
	snprintf(label, sizeof label, "%s %s", cut, yes_no);
	struct asking a = {.label = label, .yes_no = 1};
	int yes = ask_loop(ui, &a);
	ui->message[0] = '\0';
	return yes;
}

int ui_ask(struct ui *ui, const char *label, int required, char **out)
{
	return ui_ask_initial(ui, label, "", required, out);
}

/* ui_ask_initial with a field of at least field_cols columns. */
static int ask(struct ui *ui, const char *label, const char *initial,
	       int required, int field_cols, char **out)
{
	struct ui_line line;
	char again[1024];
	struct asking a = {.label = label,
			   .line = &line,
			   .field_cols = field_cols,
			   .question = label,
			   .recalled = -1};
	ui_line_init(&line, 2000, initial);
	*out = NULL;
	for (;;) {
		if (!ask_loop(ui, &a)) {
			ui_say(ui, "%s", _("Cancelled."));
			break;
		}
		char *text = ui_line_get(&line);
		if (!text)
			break;
		if (!required || !gk_text_blank(text)) {
			ui_history_add(a.question, text);
			*out = text;
			ui->message[0] = '\0';
			break;
		}
		free(text);
		ui_line_set(&line, "");
		/* The prompt takes the message line: say it in the prompt
		 * (an earlier message no longer applies). */
		ui->message[0] = '\0';
		beep();
		snprintf(again, sizeof again, "%s %s",
			 _("Required (Esc cancels)."), a.question);
		a.label = again;
	}
	free(a.typed);
	ui_line_free(&line);
	return *out != NULL;
}

int ui_ask_initial(struct ui *ui, const char *label, const char *initial,
		   int required, char **out)
{
	return ask(ui, label, initial, required, 24, out);
}

int ui_ask_short(struct ui *ui, const char *label, const char *initial,
		 char **out)
{
	return ask(ui, label, initial ? initial : "", 1, UI_SHORT_ANSWER, out);
}

int ui_ask_checked(struct ui *ui, const char *label, int required,
		   ui_check_fn check, const void *what, char **text)
{
	char *typed = *text;
	*text = NULL;
	for (;;) {
		struct gk_err err = {0};
		char *answer;
		int asked = ui_ask_initial(ui, label, typed ? typed : "",
					   required, &answer);
		free(typed);
		if (!asked)
			return 0;
		if ((!required && !answer[0]) ||
		    check(what, answer, &err) == 0) {
			*text = answer;
			return 1;
		}
		ui_error(ui, &err);
		typed = answer;
	}
}
