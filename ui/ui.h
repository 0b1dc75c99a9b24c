/*
 * ui — the full-screen workstation (ncursesw).  Front-end code: it draws,
 * reads keys, and calls core functions; it never writes SQL.
 *
 * The pieces, in reading order:
 * - app.c: the event loop, the stack of screens, the status and message
 *   lines, colours, resize, and the global keys;
 * - keys.c: key names and the help screen, generated from the key tables;
 * - width.c: text drawn cut or padded to a width (the core's src/width.c
 *   measures it) and titles in 书名号;
 * - line.c, editor.c, text.c, list.c, prompt.c, form.c: widgets (one-line
 *   input, the multi-line editor, a scrolling text view, a list in
 *   columns with headings it passes over, the questions in the message
 *   line, the fields of a form with the core's checks);
 * - screen_login.c, screen_queue.c, screen_item.c, screen_checklist.c,
 *   screen_draft.c, screen_publish.c, screen_catalog.c, screen_search.c,
 *   screen_sync.c: screens.
 *
 * A screen is a struct screen_ops of callbacks on a stack (as tig's views).
 * Keys are tables of struct ui_binding; a handler returns what must be
 * redrawn (UI_*), so the loop redraws only that.  Modal questions (confirm,
 * a comment) run their own small loop in the message line and survive a
 * resize.
 */
#ifndef GK_UI_H
#define GK_UI_H

#include <stddef.h>
#include <wchar.h>

#include "agency.h"
#include "auth.h"
#include "err.h"
#include "store.h"
#include "width.h"

/* Function keys are KEY_* | UI_FKEY, so they never meet a character. */
#define UI_FKEY	   0x40000000
#define UI_KEY(k)  ((k) | UI_FKEY)
#define UI_CTRL(c) ((c)&0x1f)
/* A character that came in a paste: text, never a command. */
#define UI_PASTED 0x20000000
#define UI_ESC	  27

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* What a key handler wants redrawn. */
enum ui_reaction {
	UI_NONE = 0,
	UI_STATUS = 1,	 /* the status and message lines */
	UI_DRAW = 2,	 /* the screen's own area, and the status */
	UI_CLEAR = 4,	 /* everything from scratch */
	UI_UNBOUND = -1, /* from a screen's input: not a key it takes */
};

/* X(name, fg, bg, mono) — colour roles; mono is the look under NO_COLOR. */
#define UI_COLORS(X)                                                           \
	X(NORMAL, -1, -1, A_NORMAL)                                            \
	X(TITLE, COLOR_WHITE, COLOR_BLUE, A_REVERSE)                           \
	X(HEADER, COLOR_CYAN, -1, A_BOLD)                                      \
	X(CURSOR, COLOR_BLACK, COLOR_CYAN, A_REVERSE)                          \
	X(TAGGED, COLOR_YELLOW, -1, A_BOLD)                                    \
	X(STATUS, COLOR_WHITE, COLOR_BLUE, A_REVERSE)                          \
	X(ERROR, COLOR_RED, -1, A_BOLD)                                        \
	X(TAB, COLOR_BLACK, COLOR_WHITE, A_REVERSE)                            \
	X(ADDED, COLOR_GREEN, -1, A_BOLD)                                      \
	X(REMOVED, COLOR_RED, -1, A_UNDERLINE)                                 \
	X(FIELD, COLOR_BLACK, COLOR_WHITE, A_UNDERLINE)                        \
	X(DIM, COLOR_BLUE, -1, A_DIM)

/* clang-format off */
enum ui_color {
#define UI_COLOR_ENUM(name, fg, bg, mono) UI_COLOR_##name,
	UI_COLORS(UI_COLOR_ENUM)
#undef UI_COLOR_ENUM
	UI_COLOR_COUNT
};
/* clang-format on */

struct ui;
struct screen;

/*
 * X(ENUM, name, help, needs) — every action a key can name, once for all
 * screens (neomutt's OP_* functions, tig's REQ_INFO); needs: what must
 * hold before it runs (UI_NEEDS_ROW: a selected row, on a list; checked by
 * the loop, ui_action_ready).  Who may do what is the core's to say.  A screen
 * binds keys to these in its key tables (struct ui_binding), with the handler
 * that does the action there; the help screen and `gongkai keys` are made from
 * the tables.  A key names one action on every screen that binds it
 * (tests/unit/test_ui_keys.c walks the tables): so the same action may
 * read a little differently per screen (a binding's own help says what it
 * does there), but R reloads wherever it is bound.  The one exception, in
 * the test: n is "next match" where there is something to search and
 * answers 否 on the review checklist, which has nothing to search.
 * INPUT names the rows of a screen's input_keys: keys its fields take,
 * listed for help only.
 */
#define UI_ACTIONS(X)                                                          \
	X(INPUT, "input", N_("keys of the field"), 0)                          \
	X(DOWN, "down", N_("next item"), 0)                                    \
	X(UP, "up", N_("previous item"), 0)                                    \
	X(PAGE_DOWN, "page-down", N_("page down"), 0)                          \
	X(PAGE_UP, "page-up", N_("page up"), 0)                                \
	X(FIRST, "first", N_("first item"), 0)                                 \
	X(LAST, "last", N_("last item"), 0)                                    \
	X(NEXT_PART, "next-part", N_("next field"), 0)                         \
	X(PREVIOUS_PART, "previous-part", N_("previous field"), 0)             \
	X(SEARCH, "search", N_("search the text"), 0)                          \
	X(NEXT_MATCH, "next-match", N_("next match"), 0)                       \
	X(PREVIOUS_MATCH, "previous-match", N_("previous match"), 0)           \
	X(OPEN, "open", N_("open the item"), UI_NEEDS_ROW)                     \
	X(ACCEPT, "accept", N_("save the draft"), 0)                           \
	X(CANCEL, "cancel", N_("go back"), 0)                                  \
	X(BACK, "back", N_("go back"), 0)                                      \
	X(QUIT, "quit", N_("quit gongkai"), 0)                                 \
	X(HELP, "help", N_("show the keys of this screen"), 0)                 \
	X(REDRAW, "redraw", N_("redraw the screen"), 0)                        \
	X(RELOAD, "reload", N_("reload what is shown"), 0)                     \
	X(NEW_DRAFT, "new-draft", N_("new draft"), 0)                          \
	X(EDIT, "edit", N_("edit the draft"), UI_NEEDS_ROW)                    \
	X(EDIT_EXTERNAL, "edit-external",                                      \
	  N_("edit the body in an external editor ($EDITOR)"), UI_NEEDS_ROW)   \
	X(SUBMIT, "submit", N_("submit for review"), UI_NEEDS_ROW)             \
	X(APPROVE, "approve", N_("approve (the last step signs off)"), 0)      \
	X(RETURN, "return", N_("return to the author with a comment"),         \
	  UI_NEEDS_ROW)                                                        \
	X(REVIEW, "review", N_("the confidentiality review of the item"),      \
	  UI_NEEDS_ROW)                                                        \
	X(PUBLISH, "publish",                                                  \
	  N_("publish the signed item (the publish form)"), UI_NEEDS_ROW)      \
	X(DIFF, "diff", N_("what changed since the version I decided on"),     \
	  UI_NEEDS_ROW)                                                        \
	X(TAG, "tag", N_("tag or untag the item"), UI_NEEDS_ROW)               \
	X(UNTAG_ALL, "untag-all", N_("untag all"), 0)                          \
	X(CATALOG, "catalog", N_("the catalog of published items (目录)"), 0)  \
	X(SEARCH_ALL, "search-all",                                            \
	  N_("search all items I may see (full text)"), 0)                     \
	X(SYNC, "sync",                                                        \
	  N_("sync with other stations: files, conflicts (同步)"), 0)          \
	X(WITHDRAW, "withdraw",                                                \
	  N_("withdraw: 失效 or 废止, from a date, with a reason"), 0)         \
	X(DELIVERED, "delivered", N_("mark a channel's delivery done"), 0)     \
	X(DELIVERY_FAILED, "delivery-failed",                                  \
	  N_("mark a channel's delivery failed, saying why"), 0)               \
	X(RESEND, "resend",                                                    \
	  N_("deliver to a channel again (writes its files anew)"), 0)         \
	X(COVERAGE, "coverage", N_("record media coverage (稿件刊发)"), 0)     \
	X(CORRECT, "correct",                                                  \
	  N_("correct the published item (更正): a new draft with its text"),  \
	  0)                                                                   \
	X(ANSWER_YES, "answer-yes",                                            \
	  N_("answer 是 (yes); a blocking question asks for the note"),        \
	  UI_NEEDS_ROW)                                                        \
	X(ANSWER_NO, "answer-no",                                              \
	  N_("answer 否 (no) and go to the next question"), UI_NEEDS_ROW)      \
	X(CONFIRM_ANSWERS, "confirm-answers",                                  \
	  N_("confirm the answers given on an earlier version"), 0)            \
	X(MASK, "mask", N_("mask the finding in a new version"), UI_NEEDS_ROW) \
	X(DISMISS, "dismiss", N_("dismiss the finding, saying why"),           \
	  UI_NEEDS_ROW)                                                        \
	X(RECORD, "record", N_("show the review record (保密审查单)"), 0)      \
	X(NEXT_VALUE, "next-value", N_("next value of the chosen filter"), 0)  \
	X(PREVIOUS_VALUE, "previous-value",                                    \
	  N_("previous value of the chosen filter"), 0)                        \
	X(CLEAR_FILTERS, "clear-filters", N_("all: clear the filters"), 0)     \
	X(SORT, "sort", N_("sort by the next order"), 0)                       \
	X(REVERSE, "reverse", N_("reverse the order"), 0)                      \
	X(EXPORT, "export", N_("export what is shown (CSV, HTML, TSV)"), 0)    \
	X(EXPORT_ALL, "export-all",                                            \
	  N_("write a change file for all stations"), 0)                       \
	X(IMPORT, "import", N_("import a change file: the files of a folder"), \
	  0)                                                                   \
	X(TRUST, "trust", N_("trust the selected station's key (admin)"),      \
	  UI_NEEDS_ROW)                                                        \
	X(CONFLICTS, "conflicts",                                              \
	  N_("the conflicts: rows changed here and on another station"), 0)    \
	X(KEEP_LOCAL, "keep-local", N_("keep this station's version (本站)"),  \
	  UI_NEEDS_ROW)                                                        \
	X(TAKE_REMOTE, "take-remote",                                          \
	  N_("take the other station's version (对方)"), UI_NEEDS_ROW)

/* What an action needs before it runs. */
#define UI_NEEDS_ROW 1u /* a selected row, where the screen is a list */

/* clang-format off */
enum ui_action {
	UI_ACT_NONE = 0, /* ends a key table */
#define UI_ACTION_ENUM(name, id, help, needs) UI_ACT_##name,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_ACT_COUNT
};
/* clang-format on */

/* The name ("reload"), the help (N_(), untranslated) and the needs
 * (UI_NEEDS_*) of an action. */
const char *ui_action_name(enum ui_action a);
const char *ui_action_help(enum ui_action a);
unsigned ui_action_needs(enum ui_action a);

/* One binding of a screen: the action, its keys (0-terminated), the
 * handler that does it on this screen (NULL for input_keys rows), and
 * what it does here when the action's own help would say less (N_();
 * NULL: the action's help).  A table ends with UI_ACT_NONE. */
struct ui_binding {
	enum ui_action action;
	int keys[5];
	int (*run)(struct ui *ui, struct screen *s);
	const char *help;
};

struct screen_ops {
	const char *name; /* N_(); shown in the status line */
	/* N_(): why an action that needs a selected row cannot run, said
	 * when the list is empty; set only on screens whose state begins
	 * with struct list_view (NULL: no such check). */
	const char *empty;
	/* Key tables in the order they are tried and shown by help;
	 * NULL-terminated.  Each table ends with UI_ACT_NONE. */
	const struct ui_binding *const *keymaps;
	/* The editing keys the screen's input takes (run is NULL), for the
	 * help screen only; may be NULL. */
	const struct ui_binding *input_keys;
	/* Called when the screen comes on top: pushed, or the one above it
	 * popped (reload what may have changed). */
	void (*enter)(struct ui *ui, struct screen *s);
	/* Draw rows 0 .. ui->rows - 3; set ui->cursor_* to show a cursor. */
	void (*draw)(struct ui *ui, struct screen *s);
	/* A key no table binds (text entry); UI_UNBOUND or NULL: the loop
	 * says the key does nothing. */
	int (*input)(struct ui *ui, struct screen *s, int key);
	/* Counts for the status line, e.g. "3/42"; may be NULL. */
	void (*status)(struct ui *ui, struct screen *s, char *out, size_t size);
	/* Whether the screen holds work not yet saved (quitting asks);
	 * may be NULL. */
	int (*unsaved)(struct ui *ui, struct screen *s);
	/* The main keys for this user and this state, translated, shown
	 * in the message line when it is free; may be NULL. */
	const char *(*hint)(struct ui *ui, struct screen *s);
	/* The terminal went away (SIGHUP) or gongkai was told to stop:
	 * save what the screen holds, without asking; may be NULL. */
	void (*rescue)(struct ui *ui, struct screen *s);
	/* Free the screen (it is off the stack). */
	void (*leave)(struct ui *ui, struct screen *s);
};

/* Each screen's state struct begins with this. */
struct screen {
	const struct screen_ops *ops;
	struct screen *below;
	const char *name; /* for the status line instead of ops->name */
};

struct ui {
	struct gk_store *store;
	const char *db_path;
	struct gk_agency agency;
	struct gk_user me;
	int logged_in;
	struct screen *top;
	int rows, cols;
	int cursor_y, cursor_x; /* -1: hidden */
	char message[1024];
	int message_is_error;
	int quit;
	int color;
	int too_small;
};

/* app.c */
int ui_run(const char *db_path, const char *login);
void ui_push(struct ui *ui, struct screen *s);
void ui_pop(struct ui *ui);
/* Show a message (printf format) in the message line. */
void ui_say(struct ui *ui, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const struct gk_err *err);
void ui_fail(struct ui *ui, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ui_attr(struct ui *ui, enum ui_color c);
/* Redraw everything now (used by modal loops). */
void ui_redraw(struct ui *ui);
/* Read one key (UI_KEY(...) for function keys); handles nothing itself. */
int ui_getkey(void);
/* Whether gongkai was told to stop (SIGHUP, SIGTERM): modal loops end. */
int ui_stopping(void);

/* prompt.c — questions in the message line, each a modal loop. */
/* Ask a yes/no question in the message line: 1 yes, 0 no. */
int ui_confirm(struct ui *ui, const char *question);
/* Ask for a line of text; 1 with *out (malloc'd) set, 0 cancelled.
 * required: an empty answer asks again.  ↑ and ↓ go through the answers
 * given to the same label before (ui_history_get). */
int ui_ask(struct ui *ui, const char *label, int required, char **out);
/* The same with initial text to edit. */
int ui_ask_initial(struct ui *ui, const char *label, const char *initial,
		   int required, char **out);
/* Ask for a short answer (a number, a word; required), initially initial
 * (may be NULL): the label may take all but UI_SHORT_ANSWER columns. */
#define UI_SHORT_ANSWER 8
int ui_ask_short(struct ui *ui, const char *label, const char *initial,
		 char **out);
/* A core check of an answer: 0 when taken, else a negative GK_E* code
 * with err saying why in the core's words.  what: the check's own data. */
typedef int (*ui_check_fn)(const void *what, const char *answer,
			   struct gk_err *err);
/* Ask for a line, initially *text (may be NULL; freed), until check takes
 * it (an empty answer needs no check unless required): 1 with *text the
 * answer (malloc'd), 0 cancelled (*text NULL).  An answer not taken is
 * asked again as typed, check's reason above the prompt. */
int ui_ask_checked(struct ui *ui, const char *label, int required,
		   ui_check_fn check, const void *what, char **text);
/* The answers remembered per question (label), newest first, at most
 * UI_HISTORY_MAX each: add one (empty ones are not kept; a repeated one
 * moves to the front), get the n-th (NULL past the last), forget all. */
#define UI_HISTORY_MAX 20
void ui_history_add(const char *question, const char *answer);
const char *ui_history_get(const char *question, int n);
void ui_history_clear(void);
/* A path as typed, with a leading ~/ made $HOME/ (malloc'd; NULL when out
 * of memory). */
char *ui_expand_home(const char *path);
/* Leave curses to run a program (an editor), then come back. */
void ui_suspend(struct ui *ui);
void ui_resume(struct ui *ui);
/* Whether action a may run on screen s now (its needs hold); else say
 * why in the message line and return 0. */
int ui_action_ready(struct ui *ui, struct screen *s, enum ui_action a);
/* Common keys of browsing screens (help, back, quit, redraw). */
extern const struct ui_binding ui_browse_keys[];
int ui_key_help(struct ui *ui, struct screen *s);
int ui_key_back(struct ui *ui, struct screen *s);
int ui_key_quit(struct ui *ui, struct screen *s);
int ui_key_redraw(struct ui *ui, struct screen *s);
/* A short form of a time: age such as "3d 4h". */
void ui_age(struct ui *ui, const char *iso, char *out, size_t size);
void ui_local_time(const char *iso, char *out, size_t size);

/*
 * The core's measures of text (src/width.h) under the names the screens
 * use; new code calls gk_width_* itself.
 */
static inline int ui_char_width(wchar_t c)
{
	return gk_width_char(c);
}
static inline int ui_width(const char *s)
{
	return gk_width(s);
}
static inline int ui_width_n(const char *s, size_t len)
{
	return gk_width_n(s, len);
}
static inline int ui_fit(const char *s, int width, int pad, char *out,
			 size_t size)
{
	return gk_width_fit(s, width, pad, out, size);
}
static inline int ui_fit_middle(const char *s, int width, char *out,
				size_t size)
{
	return gk_width_fit_middle(s, width, out, size);
}
static inline size_t ui_wrap(const char *s, size_t len, int width, int *cols)
{
	return gk_width_wrap(s, len, width, cols);
}
static inline char *ui_wide_to_utf8(const wchar_t *text, size_t len)
{
	return gk_width_encode(text, len);
}

/* width.c — text on the screen, measured by the core. */
/* title in 书名号 as the core's gk_text_book_title writes it (the rule
 * the published files follow too), at most width columns marks included
 * (0: whole), the middle cut as ui_fit_middle.  Returns the columns
 * taken. */
int ui_book_title(const char *title, int width, char *out, size_t size);
/* Draw s at (y, x) fitted to width columns (padded) with attr. */
void ui_put(int y, int x, const char *s, int width, int attr);
/* Draw the n bytes at s as ui_put does, in at most width columns; returns
 * the columns they took. */
int ui_put_bytes(int y, int x, const char *s, size_t n, int width, int attr);

/* keys.c */
void ui_key_name(int key, char *out, size_t size);
/* The help text of a screen's key tables: one line per binding
 * (malloc'd). */
char *ui_help_text(const struct screen_ops *ops);
/* The help of binding b (translated). */
const char *ui_binding_help(const struct ui_binding *b);
/* Every screen, NULL-terminated, in the order `gongkai keys` lists them. */
extern const struct screen_ops *const ui_screens[];
/* The keys of every screen, each under its name (malloc'd); what
 * `gongkai keys` prints and the man page lists. */
char *ui_keys_text(void);

/* line.c — a one-line text field. */
struct ui_line {
	wchar_t *text;
	int len, cap, pos, scroll;
	int max; /* characters */
	int secret;
};
void ui_line_init(struct ui_line *l, int max, const char *initial);
void ui_line_free(struct ui_line *l);
void ui_line_set(struct ui_line *l, const char *utf8);
/* The text as malloc'd UTF-8. */
char *ui_line_get(const struct ui_line *l);
/* Handle an editing key: 1 if it was one. */
int ui_line_key(struct ui_line *l, int key);
/* Draw at (y, x) in width columns; focus: place the cursor. */
void ui_line_draw(struct ui *ui, struct ui_line *l, int y, int x, int width,
		  int focus, int attr);

/* form.c — the fields of a form in focus order. */
struct ui_form {
	/* Per field, its line of text, or NULL: a field whose keys the
	 * screen takes (a choice, the body, a list). */
	struct ui_line **lines;
	int count, focus;
	/* Whether field i may be sent as it is (text: its line's text, NULL
	 * for a field that is not a line): 0, or a negative GK_E* code with
	 * the core's reason in err.  NULL: the core checks when sent. */
	int (*check)(struct ui *ui, struct screen *s, int field,
		     const char *text, struct gk_err *err);
	/* The focus is about to leave field (say what is wrong with it,
	 * refresh what depends on it); may be NULL. */
	void (*leaving)(struct ui *ui, struct screen *s, int field);
};
/* Move the focus dir fields on (wrapping around); returns UI_DRAW. */
int ui_form_move(struct ui *ui, struct screen *s, struct ui_form *f, int dir);
/* A key for the focused field: Enter and ↓ the next field, ↑ the one
 * before, the editing keys in a line; UI_UNBOUND for any other key. */
int ui_form_key(struct ui *ui, struct screen *s, struct ui_form *f, int key);
/* Check every field with f->check: on the first refused, focus it, say
 * the core's reason and return -1; 0 when all may be sent. */
int ui_form_check(struct ui *ui, struct screen *s, struct ui_form *f);

/* editor.c — the multi-line editor for bodies. */
struct ui_editor {
	wchar_t *text;
	size_t len, cap, pos;
	size_t top; /* index of the first shown character */
	int goal;   /* wanted display column when moving up and down */
	int modified;
	int last_height;
};
void ui_editor_init(struct ui_editor *e, const char *utf8);
void ui_editor_free(struct ui_editor *e);
char *ui_editor_get(const struct ui_editor *e);
int ui_editor_key(struct ui_editor *e, int key, int width, int height);
/* The cursor's line and character in that line, both from 1. */
void ui_editor_position(const struct ui_editor *e, int *line, int *column);
void ui_editor_draw(struct ui *ui, struct ui_editor *e, int y, int x, int width,
		    int height, int focus);

/* text.c — a read-only, scrolling view of lines with colours. */
/* Bytes [from, to) of a line shown reversed: a change, a finding. */
struct ui_mark {
	size_t from, to;
};
struct ui_text_line {
	char *text;
	int color;	       /* enum ui_color */
	int indent;	       /* columns of rows after the first (default: the
				  line's leading spaces) */
	struct ui_mark *marks; /* in order, not overlapping; malloc'd */
	int n_marks;
};
struct ui_text {
	struct ui_text_line *lines;
	int count, cap;
	int top; /* first shown display row */
	char *search;
	int match; /* source line of the last match, or -1 */
};
/* Add the lines of the formatted text; ui_text_indent() sets the indent of
 * the last one. */
void ui_text_add(struct ui_text *t, int color, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_text_indent(struct ui_text *t, int indent);
/* Show bytes [from, to) of line i reversed; marks are added in order. */
void ui_text_mark(struct ui_text *t, int i, size_t from, size_t to);
void ui_text_clear(struct ui_text *t);
void ui_text_draw(struct ui *ui, struct ui_text *t, int y, int height);
/* Move by rows (negative: up); clamp to the text. */
void ui_text_scroll(struct ui *ui, struct ui_text *t, int rows, int height);
/* How much of the text the view has shown, in percent (100: all). */
int ui_text_percent(struct ui *ui, struct ui_text *t, int height);
/* Search forward (dir 1) or back (-1) from the view for t->search. */
int ui_text_find(struct ui *ui, struct ui_text *t, int dir, int height);
/* Screens that scroll a text with ui_scroll_keys begin with this. */
struct text_view {
	struct screen base;
	struct ui_text text;
};
extern const struct ui_binding ui_scroll_keys[];
/* Rows between the title line and the status line. */
int ui_body_height(const struct ui *ui);
/* A screen showing text (help, results); takes a title. */
struct screen *screen_text_new(const char *title, const char *text);
/* A screen showing what changed from version old to version now
 * (gk_diff_item): '-' and '+' lines in colour, the changed part of a line
 * changed into one other line marked.  NULL with *err filled when the
 * diff fails. */
struct gk_item;
struct screen *screen_diff_new(const char *title, const struct gk_item *old,
			       const struct gk_item *now, struct gk_err *err);

/* list.c — a list of rows, one selected, drawn in columns: the queues,
 * the catalog, search results.  Screens with a list begin with struct
 * list_view and bind ui_list_keys (next, previous, pages, first, last). */
#define UI_LIST_MARK 2 /* columns of the mark (" >" selected, "*" tagged) */
struct ui_list {
	int count;	   /* rows loaded */
	int selected, top; /* the selected row and the first shown */
	int chrome;	   /* screen rows that are not the list's */
	int row_rows;	   /* screen rows per row (0: 1) */
	/* Load rows up to row i if there are more (a list paged from the
	 * core); may be NULL. */
	void (*load_to)(struct ui *ui, struct screen *s, int i);
	/* Whether row i is a heading, which the selection passes over (the
	 * next row that is not one in the direction of travel, else the one
	 * before); NULL: no row is. */
	int (*is_heading)(const struct screen *s, int i);
};
struct list_view {
	struct screen base;
	struct ui_list list;
};
extern const struct ui_binding ui_list_keys[];
/* Rows of the list that fit on the screen. */
int ui_list_height(const struct ui *ui, const struct ui_list *l);
/* Load rows up to i through load_to (if it has more). */
void ui_list_load(struct ui *ui, struct screen *s, int i);
/* Clamp the selection to the rows and scroll it into view (after a
 * resize or a reload). */
void ui_list_show(const struct ui *ui, struct ui_list *l);
/* Select row i (clamped, off a heading) and scroll to it; returns
 * UI_DRAW. */
int ui_list_select(struct ui *ui, struct screen *s, int i);
/* The mark of a row: " >" selected, "* " tagged, "*>" both. */
const char *ui_list_mark(int selected, int tagged);
/* Draw a row at y: mark in its UI_LIST_MARK columns with mark_attr, then
 * the n cells, each fitted to its width in widths (0: the columns the
 * others leave) and one space apart, with attr. */
void ui_list_row(struct ui *ui, int y, const char *mark, int mark_attr,
		 const char *const *cells, const int *widths, int n, int attr);

/* actions.c — decisions, each confirmed and then one core call; they
 * return redraw flags.  seen_hash: the hash of the version the person
 * read (NULL from a list: the current one). */
int ui_act_submit(struct ui *ui, const char *id);
int ui_act_approve(struct ui *ui, const char *id, const char *seen_hash);
int ui_act_return(struct ui *ui, const char *id, const char *seen_hash);
/* Approve each of the n items in ids, one core call each; *approved says
 * how many went through; refusals are listed on a screen of their own. */
int ui_act_approve_all(struct ui *ui, char (*ids)[GK_ID_HEX + 1], int n,
		       int *approved);

struct gk_event;
struct gk_item;
/* "who did what: comment" of the latest decision with a comment in the
 * item's current round into out; 1 when there is one (*returned: it was
 * a return), else 0. */
int ui_latest_comment(struct ui *ui, const struct gk_item *item, char *out,
		      size_t size, int *returned);
/* The same from the item's history already at hand (events, n). */
int ui_latest_comment_of(const struct gk_event *events, int n,
			 const struct gk_item *item, int last_step, char *out,
			 size_t size, int *returned);

/* Screens; their ops are public for the key list (ui_keys_text). */
extern const struct screen_ops screen_login_ops, screen_queue_ops,
    screen_item_ops, screen_checklist_ops, screen_draft_ops, screen_text_ops;
struct screen *screen_login_new(const char *login);
struct screen *screen_queue_new(struct ui *ui);
struct screen *screen_item_new(struct ui *ui, const char *item_id);
/* The confidentiality review of item_id (保密审查). */
struct screen *screen_checklist_new(struct ui *ui, const char *item_id);
/* Whether s is the item screen of item_id. */
int screen_item_shows(const struct screen *s, const char *item_id);
/* A new draft (item_id NULL) or an edit of item_id. */
struct screen *screen_draft_new(struct ui *ui, const char *item_id);
/* Open the publish form of item_id (the publisher's, on a signed item),
 * or show why not (gk_publish_check's refusal) in the message line. */
extern const struct screen_ops screen_publish_ops;
void screen_publish_push(struct ui *ui, const char *item_id);
/* The 政府信息公开目录: published and withdrawn items, filtered and
 * sorted, searched and exported. */
extern const struct screen_ops screen_catalog_ops;
struct screen *screen_catalog_new(struct ui *ui);
/* index_no without the agency's code in front ("…/2026-00001", for
 * narrow columns) into out; NULL when it does not start with the code. */
const char *ui_index_short(const struct ui *ui, const char *index_no, char *out,
			   size_t size);
/* Ask for a full-text query and show its hits on a screen of their own:
 * among published items only (the catalog's /), or among all the items
 * the user may see.  A blank query does nothing; no hits are said in the
 * message line.  Returns redraw flags. */
extern const struct screen_ops screen_search_ops;
int screen_search_ask(struct ui *ui, int published_only);
/* Sync between stations (Y on the queues): the stations with their keys
 * and what went each way, export and import of change files, trust; the
 * change files of a folder; the conflict queue. */
extern const struct screen_ops screen_sync_ops, screen_sync_files_ops,
    screen_conflicts_ops;
struct screen *screen_sync_new(struct ui *ui);
/* Load item_id if the user may edit it now (their own draft or returned
 * item); else say why and return -1. */
struct gk_item;
int ui_load_editable(struct ui *ui, const char *item_id, struct gk_item *item);
/* Edit item_id's body in $EDITOR and save it as a new version; returns
 * redraw flags. */
int ui_edit_external(struct ui *ui, const char *item_id);
/* Run $VISUAL/$EDITOR on text; *out is the new text (malloc'd) or NULL
 * when unchanged/failed (the reason in the message line). */
int ui_run_editor(struct ui *ui, const char *text, char **out);

#endif
