/*
 * screen_sync — sync between stations (Y on the queues), three screens:
 * - the stations of the agency (gk_sync_peers): this station first, each
 *   with its key's fingerprint, whether that key is trusted here, the
 *   last change file each way and the changes it has not confirmed.  x
 *   writes a change file for the selected station (on this station's own
 *   row, and with X, one for every station), i lists the change files of
 *   a folder, K trusts a key after showing its fingerprint to compare, !
 *   opens the conflicts;
 * - the change files (*.gksync) of a folder, newest first: Enter imports
 *   one, its progress drawn in the message line, and says what it
 *   brought or why it was refused;
 * - the conflict queue (gk_sync_conflicts): rows changed here and on
 *   another station at once, what differs shown below the list; < keeps
 *   this station's row, > takes the other station's, d compares the two
 *   versions of an item.
 * export and import ask for a folder, offering the one used last
 * (gk_sync_folder, this station's own setting).
 */
#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc.h"
#include "i18n.h"
#include "sync.h"
#include "ui.h"

/* Rows above the lists (title, a line of context, column headers) and
 * below them (status, message); a rule and the selected row in full sit
 * between a list and the status line. */
#define ABOVE	    3
#define BELOW	    2
#define DETAIL_ROWS 6
/* The short form of ids and fingerprints in narrow columns. */
#define SHORT_ID  8
#define SHORT_FPR 10 /* "3f2a-9c1b…" */
/* The names of stations get at least this many columns. */
#define NAME_MIN 14

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* A time for a narrow column: "11-28 14:35" in this year, else the date;
 * "—" for none. */
static void short_time(struct ui *ui, const char *iso, char *out, size_t size)
{
	char local[64], today[11];
	if (!iso[0]) {
		snprintf(out, size, "—");
		return;
	}
	ui_local_time(iso, local, sizeof local);
	gk_store_today(ui->store, today);
	if (strlen(local) >= 16 && strncmp(local, today, 4) == 0)
		snprintf(out, size, "%s", local + 5);
	else
		snprintf(out, size, "%.10s", local);
}

/* The whole local time, or "—". */
static void long_time(const char *iso, char *out, size_t size)
{
	if (iso[0])
		ui_local_time(iso, out, size);
	else
		snprintf(out, size, "—");
}

/* A rule across the screen at row y. */
static void draw_rule(struct ui *ui, int y)
{
	char rule[1024] = "";
	size_t used = 0;
	for (int i = 0; i < ui->cols && used + 4 < sizeof rule; i++)
		used += (size_t)snprintf(rule + used, sizeof rule - used, "─");
	ui_put(y, 0, rule, ui->cols, ui_attr(ui, UI_COLOR_DIM));
}

/* Where the detail below a list starts: the row after the list. */
static int detail_row(const struct ui *ui, const struct ui_list *l)
{
	return ABOVE + ui_list_height(ui, l);
}

/* ---- the folder ---------------------------------------------------------- */

/*
 * Ask for the folder of change files in the message line, offering the
 * one remembered (else "~/"), until the answer names a folder; export
 * (create) offers to make a folder that does not exist yet.  The folder
 * (~ expanded, malloc'd), or NULL when cancelled.
 */
static char *ask_folder(struct ui *ui, const char *label, int create)
{
	struct gk_err err = {0};
	char remembered[4096];
	if (gk_sync_folder(ui->store, remembered, sizeof remembered, &err) < 0)
		remembered[0] = '\0';
	char *typed = strdup(remembered[0] ? remembered : "~/");
	while (typed) {
		char *answer = NULL, *dir;
		struct stat sb;
		int ok = ui_ask_initial(ui, label, typed, 1, &answer);
		free(typed);
		typed = NULL;
		if (!ok)
			return NULL;
		dir = ui_expand_home(answer);
		/* Asked again, the question offers what was typed. */
		typed = answer;
		if (!dir)
			break;
		/* A trailing / says nothing more. */
		for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
			dir[n - 1] = '\0';
		if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			free(typed);
			return dir;
		}
		if (stat(dir, &sb) == 0) {
			ui_fail(ui, _("%s is not a folder."), dir);
		} else if (errno != ENOENT || !create) {
			ui_fail(ui, _("No folder %s: %s."), dir,
				strerror(errno));
		} else {
			char question[4200];
			snprintf(question, sizeof question,
				 _("Make the new folder %s?"), dir);
			if (ui_confirm(ui, question)) {
				if (mkdir(dir, 0777) == 0) {
					free(typed);
					return dir;
				}
				ui_fail(ui, _("Cannot make the folder %s: %s."),
					dir, strerror(errno));
			}
		}
		free(dir);
	}
	free(typed);
	ui_fail(ui, "%s", _("Out of memory."));
	return NULL;
}

/* Remember dir as the folder of change files (this station's own). */
static void remember_folder(struct ui *ui, const char *dir)
{
	struct gk_err err = {0};
	if (gk_sync_set_folder(ui->store, dir, &err) < 0)
		ui_error(ui, &err);
}

/* ---- the stations -------------------------------------------------------- */

struct sync_screen {
	struct list_view view;
	struct gk_station *stations;
	char folder[4096];
	int64_t conflicts;
	/* Measured columns: the trust labels and the times. */
	int trust_w, time_w, waiting_w;
	struct ui_text detail;
};

static struct sync_screen *sync_of(struct screen *s)
{
	return (struct sync_screen *)s;
}

static const char *trust_label(const struct gk_station *st)
{
	if (st->self)
		return _("this station");
	if (st->trusted)
		return _("trusted");
	/* Known only from a file refused here: its key waits for a person
	 * to compare its fingerprint. */
	if (st->offered)
		return _("offered");
	return _("not trusted");
}

/* Load the stations, the folder and the count of conflicts; keep the
 * selection on the station it was on. */
static void sync_reload(struct ui *ui, struct sync_screen *ss)
{
	struct ui_list *l = &ss->view.list;
	struct gk_station *stations = NULL;
	struct gk_err err = {0};
	char was[GK_ID_HEX + 1] = "";
	int n = 0;
	if (l->selected < l->count)
		memcpy(was, ss->stations[l->selected].id, sizeof was);
	if (gk_sync_folder(ui->store, ss->folder, sizeof ss->folder, &err) <
		0 ||
	    gk_sync_conflict_count(ui->store, &ss->conflicts, &err) < 0 ||
	    gk_sync_peers(ui->store, &stations, &n, &err) < 0) {
		ui_error(ui, &err);
		return;
	}
	free(ss->stations);
	ss->stations = stations;
	l->count = n;
	l->selected = 0;
	for (int i = 0; was[0] && i < n; i++)
		if (strcmp(stations[i].id, was) == 0)
			l->selected = i;
	/* Every label a row may show, so the columns stay put. */
	const struct gk_station kinds[] = {
	    {.self = 1}, {.trusted = 1}, {.offered = 1}, {.self = 0}};
	ss->trust_w = ui_width(_("Trust"));
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		ss->trust_w =
		    max_int(ss->trust_w, ui_width(trust_label(&kinds[i])));
	ss->time_w = max_int(ui_width(_("Last in")), ui_width(_("Last out")));
	ss->time_w = max_int(ss->time_w, 11); /* "11-28 14:35" */
	ss->waiting_w = ui_width(_("To send"));
	for (int i = 0; i < n; i++) {
		char count[32];
		snprintf(count, sizeof count, "%lld",
			 (long long)stations[i].waiting);
		ss->waiting_w = max_int(ss->waiting_w, ui_width(count));
	}
	ui_list_show(ui, l);
}

static const struct gk_station *selected_station(struct sync_screen *ss)
{
	struct ui_list *l = &ss->view.list;
	return l->selected < l->count ? &ss->stations[l->selected] : NULL;
}

static void draw_station_detail(struct ui *ui, struct sync_screen *ss, int y)
{
	const struct gk_station *st = selected_station(ss);
	struct ui_text *t = &ss->detail;
	char in[64], out[64];
	draw_rule(ui, y);
	ui_text_clear(t);
	if (!st)
		return;
	ui_text_add(t, UI_COLOR_NORMAL, _("%s · station %s"), st->name, st->id);
	ui_text_add(t, UI_COLOR_NORMAL, _("Key fingerprint: %s (%s)"),
		    st->fingerprint, trust_label(st));
	if (st->self) {
		ui_text_add(t, UI_COLOR_DIM, "%s",
			    _("Other stations compare this fingerprint before "
			      "they trust this station's files. x or X "
			      "writes a file for every station."));
	} else if (st->offered && st->trusted) {
		ui_text_add(t, UI_COLOR_NORMAL, "%s",
			    _("Its key is trusted; no file of it was imported "
			      "yet (i imports one)."));
	} else if (st->offered) {
		long_time(st->last_in, in, sizeof in);
		ui_text_add(t, UI_COLOR_TAGGED,
			    _("A file it signed was refused here at %s. If %s "
			      "shows the same fingerprint (its sync screen, "
			      "or 'gongkai sync id'), K trusts its key."),
			    in, st->name);
	} else {
		long_time(st->last_in, in, sizeof in);
		long_time(st->last_out, out, sizeof out);
		ui_text_add(t, UI_COLOR_NORMAL, _("Last file in: %s %s"), in,
			    st->file_in);
		ui_text_indent(t, 2);
		ui_text_add(t, UI_COLOR_NORMAL, _("Last file out: %s %s"), out,
			    st->file_out);
		ui_text_indent(t, 2);
		if (st->waiting)
			ui_text_add(t, UI_COLOR_TAGGED,
				    ngettext("%lld change has not reached it "
					     "yet, as far as its files say (x "
					     "writes it for it).",
					     "%lld changes have not reached it "
					     "yet, as far as its files say (x "
					     "writes them for it).",
					     (unsigned long)st->waiting),
				    (long long)st->waiting);
	}
	ui_text_draw(ui, t, y + 1, DETAIL_ROWS - 1);
}

static void sync_draw(struct ui *ui, struct screen *s)
{
	struct sync_screen *ss = sync_of(s);
	struct ui_list *l = &ss->view.list;
	char line[4400], conflicts[256] = "";
	int head = ui_attr(ui, UI_COLOR_HEADER);

	snprintf(line, sizeof line, " %s", _("Sync between stations"));
	ui_put(0, 0, line, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
	/* The folder on the left, the conflicts on the right. */
	if (ss->conflicts)
		snprintf(conflicts, sizeof conflicts,
			 ngettext("%lld open conflict (!)",
				  "%lld open conflicts (!)",
				  (unsigned long)ss->conflicts),
			 (long long)ss->conflicts);
	int cw = ui_width(conflicts);
	if (ss->folder[0])
		snprintf(line, sizeof line, _("Folder: %s"), ss->folder);
	else
		snprintf(line, sizeof line, "%s",
			 _("Folder: none yet (x and i ask for one)"));
	ui_put(1, 1, line, ui->cols - cw - 3, ui_attr(ui, UI_COLOR_DIM));
	if (cw)
		ui_put(1, ui->cols - cw - 1, conflicts, cw,
		       ui_attr(ui, UI_COLOR_TAGGED));

	/* The whole fingerprint where the names keep room for it. */
	int widths[7] = {0,	     SHORT_ID,	 GK_FPR_LEN - 1, ss->trust_w,
			 ss->time_w, ss->time_w, ss->waiting_w};
	int fixed = 0;
	for (int c = 1; c < 7; c++)
		fixed += widths[c];
	if (ui->cols - UI_LIST_MARK - 6 - fixed < NAME_MIN)
		widths[2] = SHORT_FPR;
	const char *header[7] = {_("Station"), _("Id"),	     _("Key"),
				 _("Trust"),   _("Last in"), _("Last out"),
				 _("To send")};
	ui_list_row(ui, 2, "", head, header, widths, 7, head);
	ui_list_show(ui, l);
	int height = ui_list_height(ui, l);
	for (int i = 0; i < height && l->top + i < l->count; i++) {
		const struct gk_station *st = &ss->stations[l->top + i];
		char id[SHORT_ID + 1], in[64], out[64], waiting[32];
		int selected = l->top + i == l->selected;
		int attr = selected ? ui_attr(ui, UI_COLOR_CURSOR)
			   : !st->self && !st->trusted
			       ? ui_attr(ui, UI_COLOR_TAGGED)
			       : 0;
		snprintf(id, sizeof id, "%.*s", SHORT_ID, st->id);
		short_time(ui, st->offered ? "" : st->last_in, in, sizeof in);
		short_time(ui, st->last_out, out, sizeof out);
		if (st->self || st->offered)
			/* "—" is one column of three bytes. */
			snprintf(waiting, sizeof waiting, "%*s—",
				 ss->waiting_w - 1, "");
		else
			snprintf(waiting, sizeof waiting, "%*lld",
				 ss->waiting_w, (long long)st->waiting);
		const char *cells[7] = {st->name,	 id, st->fingerprint,
					trust_label(st), in, out,
					waiting};
		ui_list_row(ui, ABOVE + i, ui_list_mark(selected, 0), attr,
			    cells, widths, 7, attr);
	}
	draw_station_detail(ui, ss, detail_row(ui, l));
}

static void sync_status(struct ui *ui, struct screen *s, char *out, size_t size)
{
	struct ui_list *l = &sync_of(s)->view.list;
	(void)ui;
	snprintf(out, size, "%d/%d", l->count ? l->selected + 1 : 0, l->count);
}

static const char *sync_hint(struct ui *ui, struct screen *s)
{
	(void)s;
	if (ui->me.roles & GK_ROLE_ADMIN)
		return _("x export to it · X export for all · i import · K "
			 "trust · ! conflicts · ? keys");
	return _("x export to it · X export for all · i import · ! "
		 "conflicts · ? keys · q back");
}

/* Write a change file into a folder asked for: the changes the station
 * to lacks, or (to NULL) those some station lacks. */
static int export_for(struct ui *ui, struct sync_screen *ss,
		      const struct gk_station *to)
{
	struct gk_sync_summary sum;
	struct gk_err err = {0};
	char label[512], name[256];
	if (to) {
		ui_fit_middle(to->name, 20, name, sizeof name);
		snprintf(label, sizeof label,
			 _("Write the changes for %s into the folder:"), name);
	} else {
		snprintf(label, sizeof label, "%s",
			 _("Write the changes for all stations into the "
			   "folder:"));
	}
	char *dir = ask_folder(ui, label, 1);
	if (!dir)
		return UI_DRAW;
	if (gk_sync_export(ui->store, ui->me.id, dir, to ? to->id : NULL, 0,
			   &sum, &err) < 0) {
		ui_error(ui, &err);
	} else {
		remember_folder(ui, dir);
		if (sum.changes)
			ui_say(ui,
			       ngettext("Wrote %s: %d change, %lld bytes.",
					"Wrote %s: %d changes, %lld bytes.",
					(unsigned long)sum.changes),
			       sum.path, sum.changes, (long long)sum.bytes);
		else
			ui_say(ui,
			       _("Wrote %s: no new changes, only what this "
				 "station holds (%lld bytes)."),
			       sum.path, (long long)sum.bytes);
	}
	free(dir);
	sync_reload(ui, ss);
	return UI_DRAW;
}

static int key_export(struct ui *ui, struct screen *s)
{
	struct sync_screen *ss = sync_of(s);
	const struct gk_station *st = selected_station(ss);
	if (st && !st->self && st->offered) {
		ui_fail(ui,
			_("%s is known here only from a refused file; K trusts "
			  "its key, X writes a file for every station."),
			st->name);
		return UI_STATUS;
	}
	return export_for(ui, ss, st && !st->self ? st : NULL);
}

static int key_export_all(struct ui *ui, struct screen *s)
{
	return export_for(ui, sync_of(s), NULL);
}

static struct screen *screen_sync_files_new(struct ui *ui, char *dir);

static int key_import(struct ui *ui, struct screen *s)
{
	(void)s;
	char *dir =
	    ask_folder(ui, _("Import change files from the folder:"), 0);
	if (!dir)
		return UI_DRAW;
	remember_folder(ui, dir);
	struct screen *fs = screen_sync_files_new(ui, dir);
	if (!fs) {
		sync_reload(ui, sync_of(s));
		return UI_DRAW;
	}
	ui_push(ui, fs);
	return UI_CLEAR;
}

static int key_trust(struct ui *ui, struct screen *s)
{
	struct sync_screen *ss = sync_of(s);
	const struct gk_station *st = selected_station(ss);
	struct gk_err err = {0};
	char name[GK_STATION_NAME_MAX * 4 + 1], cut[256], question[512];
	if (!st)
		return UI_STATUS;
	if (!(ui->me.roles & GK_ROLE_ADMIN)) {
		ui_fail(ui, "%s",
			_("Only an administrator trusts a station's key."));
		return UI_STATUS;
	}
	if (st->self) {
		ui_fail(ui, "%s",
			_("This is this station: its own key is trusted."));
		return UI_STATUS;
	}
	if (st->trusted) {
		ui_fail(ui, _("The key of %s is trusted already."), st->name);
		return UI_STATUS;
	}
	/* Said on the row above the question: what to compare with. */
	ui_say(ui,
	       _("Compare it with the fingerprint %s shows ('gongkai sync "
		 "id' there)."),
	       st->name);
	ui_fit_middle(st->name, 16, cut, sizeof cut);
	snprintf(question, sizeof question, _("Trust %s's key %s?"), cut,
		 st->fingerprint);
	if (!ui_confirm(ui, question)) {
		ui_say(ui, "%s", _("Cancelled."));
		return UI_DRAW;
	}
	if (gk_sync_trust(ui->store, ui->me.id, st->fingerprint, name, &err) <
	    0)
		ui_error(ui, &err);
	else
		ui_say(ui,
		       _("Trusted the key of %s; import its file again (i)."),
		       name[0] ? name : st->name);
	sync_reload(ui, ss);
	return UI_DRAW;
}

static struct screen *screen_conflicts_new(struct ui *ui);

static int key_conflicts(struct ui *ui, struct screen *s)
{
	(void)s;
	ui_push(ui, screen_conflicts_new(ui));
	return UI_CLEAR;
}

static int key_sync_reload(struct ui *ui, struct screen *s)
{
	sync_reload(ui, sync_of(s));
	ui_say(ui, "%s", _("Reloaded."));
	return UI_DRAW;
}

static const struct ui_binding sync_keys[] = {
    {UI_ACT_EXPORT,
     {'x'},
     key_export,
     N_("write a change file for the selected station")},
    {UI_ACT_EXPORT_ALL,
     {'X'},
     key_export_all,
     N_("write one for all stations (x on this station's row too)")},
    {UI_ACT_IMPORT, {'i'}, key_import, NULL},
    {UI_ACT_TRUST, {'K'}, key_trust, NULL},
    {UI_ACT_CONFLICTS, {'!'}, key_conflicts, NULL},
    {UI_ACT_RELOAD, {'R'}, key_sync_reload, N_("reload the stations")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const sync_keymaps[] = {ui_list_keys, sync_keys,
							ui_browse_keys, NULL};

static void sync_enter(struct ui *ui, struct screen *s)
{
	/* Back from the files or the conflicts: much may have changed. */
	sync_reload(ui, sync_of(s));
}

static void sync_leave(struct ui *ui, struct screen *s)
{
	struct sync_screen *ss = sync_of(s);
	(void)ui;
	ui_text_clear(&ss->detail);
	free(ss->stations);
	free(ss);
}

const struct screen_ops screen_sync_ops = {
    .name = N_("Sync"),
    .keymaps = sync_keymaps,
    .enter = sync_enter,
    .draw = sync_draw,
    .status = sync_status,
    .hint = sync_hint,
    .leave = sync_leave,
};

struct screen *screen_sync_new(struct ui *ui)
{
	struct sync_screen *ss = calloc(1, sizeof *ss);
	if (!ss) {
		ui_fail(ui, "%s", _("Out of memory."));
		return NULL;
	}
	ss->view.base.ops = &screen_sync_ops;
	ss->view.list.chrome = ABOVE + DETAIL_ROWS + BELOW;
	ss->detail.match = -1;
	return &ss->view.base;
}

/* ---- the change files of a folder ------------------------------------- */

struct sync_file {
	char *name;	   /* in the folder */
	char station[256]; /* who made it, from its name; "" unknown */
	int own;	   /* made by this station */
	long long size;
	struct timespec mtime;
	/* What importing it here did, since the list was opened. */
	char *outcome;
	int refused;
};

struct files_screen {
	struct list_view view;
	char *dir;
	struct sync_file *files;
	int station_w;
	struct ui_text detail;
};

static struct files_screen *files_of(struct screen *s)
{
	return (struct files_screen *)s;
}

static void free_files(struct files_screen *fs)
{
	for (int i = 0; i < fs->view.list.count; i++) {
		free(fs->files[i].name);
		free(fs->files[i].outcome);
	}
	free(fs->files);
	fs->files = NULL;
	fs->view.list.count = 0;
}

/* Newest first; by name when two files are as old. */
static int newest_first(const void *a, const void *b)
{
	const struct sync_file *x = a, *y = b;
	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? 1 : -1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? 1 : -1;
	return strcmp(y->name, x->name);
}

/* Name the station of a file named as export names it
 * (gk_sync_file_name) from the stations known here. */
static void name_station(struct sync_file *f, const struct gk_station *st,
			 int n)
{
	char id8[SHORT_ID + 1];
	f->station[0] = '\0';
	if (gk_sync_file_name_station(f->name, id8) < 0)
		return;
	snprintf(f->station, sizeof f->station, "%s", id8);
	for (int i = 0; i < n; i++)
		if (strncmp(st[i].id, id8, SHORT_ID) == 0) {
			f->own = st[i].self;
			snprintf(f->station, sizeof f->station, "%s",
				 st[i].self ? _("this station") : st[i].name);
			return;
		}
}

/* Read the change files of the folder; 0, or -1 after saying why.  The
 * outcomes of files imported meanwhile are kept. */
static int files_load(struct ui *ui, struct files_screen *fs)
{
	struct ui_list *l = &fs->view.list;
	struct gk_station *stations = NULL;
	struct gk_err err = {0};
	struct sync_file *files = NULL;
	int n = 0, cap = 0, nst = 0;
	char was[1024] = "";
	DIR *d = opendir(fs->dir);
	if (!d) {
		ui_fail(ui, _("Cannot read the folder %s: %s."), fs->dir,
			strerror(errno));
		return -1;
	}
	if (gk_sync_peers(ui->store, &stations, &nst, &err) < 0)
		nst = 0;
	for (struct dirent *e; (e = readdir(d));) {
		char *path;
		struct stat sb;
		if (!gk_sync_is_file_name(e->d_name))
			continue;
		if (asprintf(&path, "%s/%s", fs->dir, e->d_name) < 0)
			break;
		int ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		free(path);
		if (!ok)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct sync_file *more =
			    realloc(files, (size_t)cap * sizeof *files);
			if (!more)
				break;
			files = more;
		}
		struct sync_file *f = &files[n];
		memset(f, 0, sizeof *f);
		if (!(f->name = strdup(e->d_name)))
			break;
		f->size = (long long)sb.st_size;
		f->mtime = sb.st_mtim;
		name_station(f, stations, nst);
		n++;
	}
	closedir(d);
	free(stations);
	if (n) /* files is NULL when the folder has none */
		qsort(files, (size_t)n, sizeof *files, newest_first);
	/* Keep the outcomes and the selection. */
	if (l->selected < l->count)
		snprintf(was, sizeof was, "%s", fs->files[l->selected].name);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < l->count; j++)
			if (fs->files[j].outcome &&
			    strcmp(fs->files[j].name, files[i].name) == 0) {
				files[i].outcome = fs->files[j].outcome;
				files[i].refused = fs->files[j].refused;
				fs->files[j].outcome = NULL;
			}
	free_files(fs);
	fs->files = files;
	l->count = n;
	l->selected = 0;
	for (int i = 0; was[0] && i < n; i++)
		if (strcmp(files[i].name, was) == 0)
			l->selected = i;
	fs->station_w = ui_width(_("Station"));
	for (int i = 0; i < n; i++)
		fs->station_w =
		    max_int(fs->station_w, ui_width(files[i].station));
	if (fs->station_w > 16)
		fs->station_w = 16;
	ui_list_show(ui, l);
	return 0;
}

/* A size in bytes, KB or MB. */
static void size_text(long long size, char *out, size_t len)
{
	if (size < 1024)
		snprintf(out, len, "%lld B", size);
	else if (size < 1024 * 1024)
		snprintf(out, len, "%lld KB", (size + 1023) / 1024);
	else
		snprintf(out, len, "%.1f MB", (double)size / (1024 * 1024));
}

static const char *outcome_label(const struct sync_file *f)
{
	if (!f->outcome)
		return f->own ? _("own file") : "";
	return f->refused ? _("refused") : _("imported");
}

static void files_draw(struct ui *ui, struct screen *s)
{
	struct files_screen *fs = files_of(s);
	struct ui_list *l = &fs->view.list;
	char line[4400];
	int head = ui_attr(ui, UI_COLOR_HEADER);
	snprintf(line, sizeof line, " %s", _("Change files to import"));
	ui_put(0, 0, line, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
	snprintf(line, sizeof line, _("Folder: %s"), fs->dir);
	ui_put(1, 1, line, ui->cols - 1, ui_attr(ui, UI_COLOR_DIM));
	int result_w =
	    max_int(ui_width(_("Result")),
		    max_int(ui_width(_("refused")), ui_width(_("imported"))));
	result_w = max_int(result_w, ui_width(_("own file")));
	int widths[5] = {0, fs->station_w, 7, 11, result_w};
	const char *header[5] = {_("File"), _("Station"), _("Size"),
				 _("Modified"), _("Result")};
	ui_list_row(ui, 2, "", head, header, widths, 5, head);
	if (l->count == 0) {
		ui_put(ABOVE + 1, 2,
		       _("No change files (*.gksync) in this folder."),
		       ui->cols - 4, ui_attr(ui, UI_COLOR_DIM));
		draw_rule(ui, detail_row(ui, l));
		return;
	}
	ui_list_show(ui, l);
	int height = ui_list_height(ui, l);
	for (int i = 0; i < height && l->top + i < l->count; i++) {
		const struct sync_file *f = &fs->files[l->top + i];
		char size[32], when[64], iso[GK_TIME_LEN];
		int selected = l->top + i == l->selected;
		int attr = selected	? ui_attr(ui, UI_COLOR_CURSOR)
			   : f->own	? ui_attr(ui, UI_COLOR_DIM)
			   : f->refused ? ui_attr(ui, UI_COLOR_ERROR)
					: 0;
		size_text(f->size, size, sizeof size);
		gk_time_format((int64_t)f->mtime.tv_sec * 1000 +
				   f->mtime.tv_nsec / 1000000,
			       iso);
		short_time(ui, iso, when, sizeof when);
		const char *cells[5] = {f->name, f->station, size, when,
					outcome_label(f)};
		ui_list_row(ui, ABOVE + i, ui_list_mark(selected, 0), attr,
			    cells, widths, 5, attr);
	}
	/* The selected file: its path, and what importing it said. */
	const struct sync_file *f = &fs->files[l->selected];
	int y = detail_row(ui, l);
	draw_rule(ui, y);
	ui_text_clear(&fs->detail);
	/* What the core said names the file already. */
	if (!f->outcome || !f->refused)
		ui_text_add(&fs->detail, UI_COLOR_NORMAL, "%s/%s", fs->dir,
			    f->name);
	if (f->outcome)
		ui_text_add(&fs->detail,
			    f->refused ? UI_COLOR_ERROR : UI_COLOR_NORMAL, "%s",
			    f->outcome);
	else if (f->own)
		ui_text_add(&fs->detail, UI_COLOR_DIM, "%s",
			    _("A file this station wrote, for the others."));
	ui_text_draw(ui, &fs->detail, y + 1, DETAIL_ROWS - 1);
}

static void files_status(struct ui *ui, struct screen *s, char *out,
			 size_t size)
{
	struct ui_list *l = &files_of(s)->view.list;
	(void)ui;
	snprintf(out, size, "%d/%d", l->count ? l->selected + 1 : 0, l->count);
}

static const char *files_hint(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Enter import the file · R read the folder again · ? keys · "
		 "q back");
}

/* The message line while an import runs: which file, and a bar. */
struct progress {
	struct ui *ui;
	const char *name;
	int shown; /* the percentage drawn last, -1: none */
};

static void draw_progress(struct progress *p, int done, int total)
{
	struct ui *ui = p->ui;
	char name[256], bar[32], line[1024];
	const int bar_w = 20;
	if (ui->too_small)
		return;
	int filled = total ? (int)((long long)done * bar_w / total) : 0;
	for (int i = 0; i < bar_w; i++)
		bar[i] = i < filled ? '=' : ' ';
	bar[bar_w] = '\0';
	ui_fit_middle(p->name, ui->cols - bar_w - 30, name, sizeof name);
	if (total)
		snprintf(line, sizeof line, _("Importing %s [%s] %d/%d"), name,
			 bar, done, total);
	else
		snprintf(line, sizeof line, _("Checking %s…"), name);
	move(ui->rows - 1, 0);
	clrtoeol();
	ui_put(ui->rows - 1, 0, line, ui->cols, (int)A_BOLD);
	refresh();
}

static void on_progress(void *ctx, int done, int total)
{
	struct progress *p = ctx;
	int percent = total ? (int)((long long)done * 100 / total) : 100;
	if (percent == p->shown && done != total)
		return;
	p->shown = percent;
	draw_progress(p, done, total);
}

/* Why a file was refused, for the message line: for a key that is not
 * trusted, the fingerprint to compare and what to do (the core's
 * message, which names the file and the CLI, stays in the detail). */
static void say_refusal(struct ui *ui, const struct gk_sync_summary *sum,
			const struct gk_err *err, int rc)
{
	if (rc == GK_EDENIED && sum->fingerprint[0])
		ui_fail(ui,
			_("Refused: the key of %s is not trusted here; its "
			  "fingerprint is %s. If it matches that station's, K "
			  "on the sync screen trusts it."),
			sum->from, sum->fingerprint);
	else
		ui_error(ui, err);
}

/* What a file brought, for the message line. */
static void say_imported(struct ui *ui, const struct gk_sync_summary *sum,
			 char *out, size_t size)
{
	gk_sync_describe(sum, out, size);
	if (sum->conflicts) {
		char *summary = strdup(out);
		if (summary)
			/* TRANSLATORS: %s is the sentence "From …". */
			snprintf(out, size,
				 _("%s q, then ! shows the conflicts."),
				 summary);
		free(summary);
		ui_fail(ui, "%s", out);
	} else {
		ui_say(ui, "%s", out);
	}
}

static int key_import_file(struct ui *ui, struct screen *s)
{
	struct files_screen *fs = files_of(s);
	struct ui_list *l = &fs->view.list;
	struct gk_sync_summary sum;
	struct gk_err err = {0};
	char *path, said[1024];
	if (l->selected >= l->count) {
		ui_fail(ui, "%s", _("There is no change file to import here."));
		return UI_STATUS;
	}
	struct sync_file *f = &fs->files[l->selected];
	if (asprintf(&path, "%s/%s", fs->dir, f->name) < 0) {
		ui_fail(ui, "%s", _("Out of memory."));
		return UI_STATUS;
	}
	/* Checking the signature of a large file takes a moment. */
	struct progress p = {ui, f->name, -1};
	draw_progress(&p, 0, 0);
	int rc = gk_sync_import(ui->store, ui->me.id, path, on_progress, &p,
				&sum, &err);
	free(path);
	free(f->outcome);
	f->refused = rc < 0;
	if (rc < 0) {
		f->outcome = strdup(err.msg);
		say_refusal(ui, &sum, &err, rc);
	} else {
		say_imported(ui, &sum, said, sizeof said);
		f->outcome = strdup(said);
	}
	files_load(ui, fs);
	return UI_CLEAR;
}

static int key_files_reload(struct ui *ui, struct screen *s)
{
	if (files_load(ui, files_of(s)) == 0)
		ui_say(ui, "%s", _("Reloaded."));
	return UI_DRAW;
}

static const struct ui_binding files_keys[] = {
    {UI_ACT_OPEN,
     {'\r', 'o', UI_KEY(KEY_ENTER)},
     key_import_file,
     N_("import the file")},
    {UI_ACT_RELOAD, {'R'}, key_files_reload, N_("read the folder again")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const files_keymaps[] = {
    ui_list_keys, files_keys, ui_browse_keys, NULL};

static void files_leave(struct ui *ui, struct screen *s)
{
	struct files_screen *fs = files_of(s);
	(void)ui;
	free_files(fs);
	ui_text_clear(&fs->detail);
	free(fs->dir);
	free(fs);
}

const struct screen_ops screen_sync_files_ops = {
    .name = N_("Change files"),
    .empty = N_("There is no change file to import here."),
    .keymaps = files_keymaps,
    .draw = files_draw,
    .status = files_status,
    .hint = files_hint,
    .leave = files_leave,
};

/* The change files of dir (taken: freed with the screen); NULL, after
 * saying why, when the folder cannot be read. */
static struct screen *screen_sync_files_new(struct ui *ui, char *dir)
{
	struct files_screen *fs = calloc(1, sizeof *fs);
	if (!fs) {
		free(dir);
		ui_fail(ui, "%s", _("Out of memory."));
		return NULL;
	}
	fs->view.base.ops = &screen_sync_files_ops;
	fs->view.list.chrome = ABOVE + DETAIL_ROWS + BELOW;
	fs->detail.match = -1;
	fs->dir = dir;
	if (files_load(ui, fs) < 0) {
		files_leave(ui, &fs->view.base);
		return NULL;
	}
	return &fs->view.base;
}

/* ---- the conflicts ------------------------------------------------------- */

struct conflicts_screen {
	struct list_view view;
	struct gk_conflict *conflicts;
	int origin_w;
	struct ui_text detail;
};

static struct conflicts_screen *conflicts_of(struct screen *s)
{
	return (struct conflicts_screen *)s;
}

static void conflicts_reload(struct ui *ui, struct conflicts_screen *cs)
{
	struct ui_list *l = &cs->view.list;
	struct gk_conflict *conflicts = NULL;
	struct gk_err err = {0};
	char was[GK_ID_HEX + 1] = "";
	int n = 0;
	if (l->selected < l->count)
		memcpy(was, cs->conflicts[l->selected].id, sizeof was);
	if (gk_sync_conflicts(ui->store, &conflicts, &n, &err) < 0) {
		ui_error(ui, &err);
		return;
	}
	gk_sync_conflicts_free(cs->conflicts, l->count);
	cs->conflicts = conflicts;
	l->count = n;
	l->selected = 0;
	for (int i = 0; was[0] && i < n; i++)
		if (strcmp(conflicts[i].id, was) == 0)
			l->selected = i;
	cs->origin_w = ui_width(_("Station"));
	for (int i = 0; i < n; i++) {
		cs->origin_w =
		    max_int(cs->origin_w, ui_width(conflicts[i].origin));
	}
	if (cs->origin_w > 14)
		cs->origin_w = 14;
	ui_list_show(ui, l);
}

static const struct gk_conflict *selected_conflict(struct ui *ui,
						   struct conflicts_screen *cs)
{
	struct ui_list *l = &cs->view.list;
	if (l->selected < l->count)
		return &cs->conflicts[l->selected];
	ui_fail(ui, "%s", _("There is no open conflict."));
	return NULL;
}

/* What a conflict is about, for a question: the item's title in 《》,
 * else the table's row. */
static void conflict_subject(const struct gk_conflict *c, int width, char *out,
			     size_t size)
{
	if (c->title[0])
		ui_book_title(c->title, width, out, size);
	else
		snprintf(out, size, _("a row of %s"), c->tbl);
}

static void draw_conflict_detail(struct ui *ui, struct conflicts_screen *cs,
				 int y)
{
	struct ui_list *l = &cs->view.list;
	struct ui_text *t = &cs->detail;
	char when[64];
	draw_rule(ui, y);
	ui_text_clear(t);
	if (l->selected >= l->count)
		return;
	const struct gk_conflict *c = &cs->conflicts[l->selected];
	ui_local_time(c->at, when, sizeof when);
	if (c->item_id[0])
		ui_text_add(t, UI_COLOR_NORMAL,
			    _("Item %.8s, changed here and on %s (found %s). "
			      "Here → there:"),
			    c->item_id, c->origin, when);
	else
		ui_text_add(t, UI_COLOR_NORMAL,
			    _("A row of %s, changed here and on %s (found %s). "
			      "Here → there:"),
			    c->tbl, c->origin, when);
	/* The core's lines each end in '\n': no empty row after them. */
	size_t len = c->changes ? strlen(c->changes) : 0;
	while (len && c->changes[len - 1] == '\n')
		len--;
	if (len)
		ui_text_add(t, UI_COLOR_NORMAL, "%.*s", (int)len, c->changes);
	ui_text_draw(ui, t, y + 1, DETAIL_ROWS - 1);
}

static void conflicts_draw(struct ui *ui, struct screen *s)
{
	struct conflicts_screen *cs = conflicts_of(s);
	struct ui_list *l = &cs->view.list;
	char line[512];
	int head = ui_attr(ui, UI_COLOR_HEADER);
	snprintf(line, sizeof line, " %s", _("Conflicts between stations"));
	ui_put(0, 0, line, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
	ui_put(1, 1,
	       _("Changed here and on another station at once: each waits "
		 "for a person to choose."),
	       ui->cols - 1, ui_attr(ui, UI_COLOR_DIM));
	int widths[4] = {SHORT_ID, 0, cs->origin_w, 11};
	const char *header[4] = {_("Id"), _("Item"), _("Station"), _("Found")};
	ui_list_row(ui, 2, "", head, header, widths, 4, head);
	if (l->count == 0) {
		ui_put(ABOVE + 1, 2,
		       _("No open conflicts: every change from other stations "
			 "applied cleanly."),
		       ui->cols - 4, ui_attr(ui, UI_COLOR_DIM));
		draw_rule(ui, detail_row(ui, l));
		return;
	}
	ui_list_show(ui, l);
	int height = ui_list_height(ui, l);
	for (int i = 0; i < height && l->top + i < l->count; i++) {
		const struct gk_conflict *c = &cs->conflicts[l->top + i];
		char id[SHORT_ID + 1], when[64], subject[600];
		int selected = l->top + i == l->selected;
		int attr = selected ? ui_attr(ui, UI_COLOR_CURSOR) : 0;
		snprintf(id, sizeof id, "%.*s", SHORT_ID, c->id);
		short_time(ui, c->at, when, sizeof when);
		/* An item by its title; another row by its table. */
		if (c->title[0])
			snprintf(subject, sizeof subject, "%s", c->title);
		else
			conflict_subject(c, 0, subject, sizeof subject);
		const char *cells[4] = {id, subject, c->origin, when};
		ui_list_row(ui, ABOVE + i, ui_list_mark(selected, 0), attr,
			    cells, widths, 4, attr);
	}
	draw_conflict_detail(ui, cs, detail_row(ui, l));
}

static void conflicts_status(struct ui *ui, struct screen *s, char *out,
			     size_t size)
{
	struct ui_list *l = &conflicts_of(s)->view.list;
	(void)ui;
	snprintf(out, size, "%d/%d", l->count ? l->selected + 1 : 0, l->count);
}

static const char *conflicts_hint(struct ui *ui, struct screen *s)
{
	(void)ui;
	if (conflicts_of(s)->view.list.count == 0)
		return _("q back · ? keys");
	return _("< keep this station's · > take the other's · d compare · "
		 "Enter open · ? keys");
}

/*
 * Load version version_id of item_id into *out.  The core finds a version
 * by its number (gk_doc_version), and two stations that edited one draft
 * at once made two versions of the same number: each number is tried and
 * the ids compared.  A version whose number an earlier one here shares
 * cannot be reached so (GK_ENOTFOUND, said plainly); a lookup by id in
 * the core would end that.
 */
static int key_compare(struct ui *ui, struct screen *s)
{
	struct conflicts_screen *cs = conflicts_of(s);
	const struct gk_conflict *c = selected_conflict(ui, cs);
	struct gk_item here, there;
	struct gk_err err = {0};
	char heading[512];
	if (!c)
		return UI_STATUS;
	if (!c->item_id[0] || !c->local_version[0] || !c->remote_version[0] ||
	    strcmp(c->local_version, c->remote_version) == 0) {
		ui_fail(ui, "%s",
			_("This conflict is not about an item's text: what "
			  "differs is shown below the list."));
		return UI_STATUS;
	}
	if (gk_doc_version_id(ui->store, c->item_id, c->local_version, &here,
			      &err) < 0) {
		ui_error(ui, &err);
		return UI_STATUS;
	}
	if (gk_doc_version_id(ui->store, c->item_id, c->remote_version, &there,
			      &err) < 0) {
		gk_item_free(&here);
		ui_error(ui, &err);
		return UI_STATUS;
	}
	snprintf(heading, sizeof heading, _("Here v%d → %s v%d"), here.version,
		 c->origin, there.version);
	struct screen *ds = screen_diff_new(heading, &here, &there, &err);
	if (ds)
		ui_push(ui, ds);
	else
		ui_error(ui, &err);
	gk_item_free(&here);
	gk_item_free(&there);
	return UI_CLEAR;
}

static int resolve(struct ui *ui, struct screen *s, int take_remote)
{
	struct conflicts_screen *cs = conflicts_of(s);
	const struct gk_conflict *c = selected_conflict(ui, cs);
	struct gk_err err = {0};
	char subject[512], origin[256], question[1200];
	if (!c)
		return UI_STATUS;
	conflict_subject(c, 36, subject, sizeof subject);
	ui_fit_middle(c->origin, 16, origin, sizeof origin);
	if (take_remote)
		snprintf(question, sizeof question,
			 _("Take %s's version of %s?"), origin, subject);
	else
		snprintf(question, sizeof question,
			 _("Keep this station's version of %s?"), subject);
	if (!ui_confirm(ui, question)) {
		ui_say(ui, "%s", _("Cancelled."));
		return UI_DRAW;
	}
	if (gk_sync_resolve(ui->store, ui->me.id, c->id, take_remote, &err) < 0)
		ui_error(ui, &err);
	else if (take_remote)
		ui_say(ui,
		       _("Took %s's version; the choice goes out with the next "
			 "change file."),
		       c->origin);
	else
		ui_say(ui, "%s",
		       _("Kept this station's version; the choice goes out "
			 "with the next change file."));
	conflicts_reload(ui, cs);
	return UI_DRAW;
}

static int key_keep_local(struct ui *ui, struct screen *s)
{
	return resolve(ui, s, 0);
}

static int key_take_remote(struct ui *ui, struct screen *s)
{
	return resolve(ui, s, 1);
}

static int key_open_item(struct ui *ui, struct screen *s)
{
	const struct gk_conflict *c = selected_conflict(ui, conflicts_of(s));
	if (!c)
		return UI_STATUS;
	if (!c->item_id[0]) {
		ui_fail(ui, "%s", _("This conflict is not about an item."));
		return UI_STATUS;
	}
	ui_push(ui, screen_item_new(ui, c->item_id));
	return UI_CLEAR;
}

static int key_conflicts_reload(struct ui *ui, struct screen *s)
{
	conflicts_reload(ui, conflicts_of(s));
	ui_say(ui, "%s", _("Reloaded."));
	return UI_DRAW;
}

static const struct ui_binding conflicts_keys[] = {
    {UI_ACT_KEEP_LOCAL, {'<'}, key_keep_local, NULL},
    {UI_ACT_TAKE_REMOTE, {'>'}, key_take_remote, NULL},
    {UI_ACT_DIFF,
     {'d'},
     key_compare,
     N_("compare the two versions of the item")},
    {UI_ACT_OPEN, {'\r', 'o', UI_KEY(KEY_ENTER)}, key_open_item, NULL},
    {UI_ACT_RELOAD, {'R'}, key_conflicts_reload, N_("reload the conflicts")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const conflicts_keymaps[] = {
    ui_list_keys, conflicts_keys, ui_browse_keys, NULL};

static void conflicts_enter(struct ui *ui, struct screen *s)
{
	conflicts_reload(ui, conflicts_of(s));
}

static void conflicts_leave(struct ui *ui, struct screen *s)
{
	struct conflicts_screen *cs = conflicts_of(s);
	(void)ui;
	gk_sync_conflicts_free(cs->conflicts, cs->view.list.count);
	ui_text_clear(&cs->detail);
	free(cs);
}

const struct screen_ops screen_conflicts_ops = {
    .name = N_("Conflicts"),
    .empty = N_("There is no open conflict."),
    .keymaps = conflicts_keymaps,
    .enter = conflicts_enter,
    .draw = conflicts_draw,
    .status = conflicts_status,
    .hint = conflicts_hint,
    .leave = conflicts_leave,
};

static struct screen *screen_conflicts_new(struct ui *ui)
{
	struct conflicts_screen *cs = calloc(1, sizeof *cs);
	if (!cs) {
		ui_fail(ui, "%s", _("Out of memory."));
		return NULL;
	}
	cs->view.base.ops = &screen_conflicts_ops;
	cs->view.list.chrome = ABOVE + DETAIL_ROWS + BELOW;
	cs->detail.match = -1;
	return &cs->view.base;
}
