/*
 * channel — channels, the files each kind takes, and deliveries
 * (channel.h).
 */
#include "channel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "audit.h"
#include "i18n.h"
#include "text.h"
#include "vocab.h"

static const struct gk_word delivery_states[] = {
    GK_DELIVERY_STATES(GK_WORD_ROW){NULL, NULL}};
static const struct gk_word channel_kinds[] = {
    GK_CHANNEL_KINDS(GK_WORD_ROW){NULL, NULL}};

static const char *const encodings[] = {"UTF-8", "GB18030", "GBK", NULL};

/* Characters of a channel's name (struct gk_channel holds 255 bytes). */
#define CHANNEL_NAME_MAX 60
#define OUTCOME_MAX	 (GK_REASON_MAX * 4 + 1)

const char *gk_delivery_state_label(const char *key)
{
	return gk_word_label(delivery_states, key);
}
int gk_delivery_state_parse(const char *key)
{
	return gk_word_find(delivery_states, key);
}

const char *gk_channel_kind_label(const char *key)
{
	return gk_word_label(channel_kinds, key);
}

/* ---- channels ---- */

/* The folder a channel's files go to: its own, or outbox/<code> beside
 * the database file. */
static void resolve_outbox(struct gk_store *store, const char *code,
			   const char *stored, char *out, size_t size)
{
	if (stored[0]) {
		snprintf(out, size, "%s", stored);
		return;
	}
	const char *db = sqlite3_db_filename(store->sql, "main");
	const char *slash = db ? strrchr(db, '/') : NULL;
	if (slash)
		snprintf(out, size, "%.*s/outbox/%s", (int)(slash - db), db,
			 code);
	else
		snprintf(out, size, "outbox/%s", code);
}

#define CHANNEL_SELECT                                                         \
	"SELECT code, name, position, planned, kind, encoding, outbox "        \
	"FROM channel "

static int fill_channel(void *ctx, void *elem, sqlite3_stmt *st,
			struct gk_err *err)
{
	struct gk_store *store = ctx;
	struct gk_channel *c = elem;
	char outbox[sizeof c->outbox];
	(void)err;
	gk_col_copy(st, 0, c->code, sizeof c->code);
	gk_col_copy(st, 1, c->name, sizeof c->name);
	c->position = sqlite3_column_int(st, 2);
	c->planned = sqlite3_column_int(st, 3);
	gk_col_copy(st, 4, c->kind, sizeof c->kind);
	gk_col_copy(st, 5, c->encoding, sizeof c->encoding);
	gk_col_copy(st, 6, outbox, sizeof outbox);
	resolve_outbox(store, c->code, outbox, c->outbox, sizeof c->outbox);
	return 0;
}

int gk_channel_list(struct gk_store *store, struct gk_channel **out, int *count,
		    struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       CHANNEL_SELECT "ORDER BY position, code", "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_channel, store,
				NULL, out, count, err);
}

/* The channel with code (or name) code into *out; GK_EINVAL naming the
 * valid ones. */
static int find_channel(struct gk_store *store, const char *code,
			struct gk_channel *out, struct gk_err *err)
{
	struct gk_channel *all;
	int n, rc = gk_channel_list(store, &all, &n, err);
	if (rc < 0)
		return rc;
	char known[512] = "";
	size_t used = 0;
	rc = -1;
	for (int i = 0; i < n; i++) {
		if (strcmp(all[i].code, code) == 0 ||
		    strcmp(all[i].name, code) == 0) {
			*out = all[i];
			rc = 0;
		}
		if (used < sizeof known)
			used += (size_t)snprintf(known + used,
						 sizeof known - used, "%s%s",
						 i ? _(", ") : "", all[i].code);
	}
	free(all);
	if (rc == 0)
		return 0;
	return gk_fail(err, GK_EINVAL,
		       _("There is no channel '%s'; the channels are %s."),
		       code, known);
}

int gk_channel_pick(struct gk_store *store, const char *const *codes, int count,
		    struct gk_channel **out, int *n, struct gk_err *err)
{
	int rc;
	*out = NULL;
	*n = 0;
	if (!codes) {
		struct gk_channel *all;
		int total;
		if ((rc = gk_channel_list(store, &all, &total, err)) < 0)
			return rc;
		for (int i = 0; i < total; i++)
			if (all[i].planned)
				all[(*n)++] = all[i];
		if (*n == 0) {
			free(all);
			return gk_fail(err, GK_EINVAL,
				       _("No channel is planned by default; "
					 "choose the channels to publish "
					 "through."));
		}
		*out = all;
		return 0;
	}
	if (count < 1)
		return gk_fail(err, GK_EINVAL,
			       _("Choose at least one channel to publish "
				 "through."));
	struct gk_channel *list = calloc((size_t)count, sizeof *list);
	if (!list)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	for (int i = 0; i < count; i++) {
		for (int j = 0; j < i; j++)
			if (strcmp(codes[i], codes[j]) == 0) {
				free(list);
				return gk_fail(err, GK_EINVAL,
					       _("Channel '%s' is named "
						 "twice."),
					       codes[i]);
			}
		if ((rc = find_channel(store, codes[i], &list[i], err)) < 0) {
			free(list);
			return rc;
		}
	}
	*out = list;
	*n = count;
	return 0;
}

/* ---- the files of a channel ---- */

void gk_channel_files_free(struct gk_channel_files *files)
{
	for (int i = 0; i < files->n; i++)
		free(files->f[i].data);
	files->n = 0;
}

/* The catalog metadata of a published page, in the order readers of
 * Chinese government websites know. */
struct meta_row {
	const char *name, *value;
};

#define META_ROWS 11

/* The rows into rows; validity (size bytes) holds the 有效性 text, with
 * the date and reason once it ended. */
static int meta_rows(const struct gk_item *item, const struct gk_publication *p,
		     struct meta_row rows[META_ROWS], char *validity,
		     size_t size)
{
	int n = 0;
	if (p->ended_on[0])
		snprintf(validity, size, "%s（自%s起；%s）",
			 gk_validity_zh(p->validity), p->ended_on,
			 p->end_reason);
	else
		snprintf(validity, size, "%s", gk_validity_zh(p->validity));
	rows[n++] = (struct meta_row){"索引号", p->index_no};
	rows[n++] = (struct meta_row){"发布机构", p->issuer};
	rows[n++] = (struct meta_row){"成文日期", p->written_on};
	rows[n++] = (struct meta_row){"发布日期", p->published_on};
	rows[n++] = (struct meta_row){"文号", item->doc_no};
	rows[n++] = (struct meta_row){"主题分类", p->topic};
	rows[n++] = (struct meta_row){"体裁", p->genre};
	rows[n++] = (struct meta_row){"公开方式", gk_attr_zh(item->attr)};
	rows[n++] = (struct meta_row){"有效性", validity};
	rows[n++] = (struct meta_row){"内容概述", p->summary};
	rows[n++] = (struct meta_row){"关键词", p->keywords};
	/* Fields left empty are left out, not printed bare. */
	int kept = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].value && rows[i].value[0])
			rows[kept++] = rows[i];
	return kept;
}

/* A title as the files write it: the heading, and quoted in running
 * text (gk_text_title_heading, gk_text_book_title). */
struct title {
	const char *heading, *quoted;
};

static void render_html(FILE *f, const struct gk_item *item,
			const struct gk_publication *p, const char *encoding,
			const struct title *title)
{
	struct meta_row rows[META_ROWS];
	char validity[sizeof p->end_reason + 64];
	int n = meta_rows(item, p, rows, validity, sizeof validity);
	fprintf(f,
		"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
		"<meta charset=\"%s\">\n<title>",
		encoding);
	gk_text_put_html(f, title->heading);
	fputs("</title>\n</head>\n<body>\n<h1>", f);
	gk_text_put_html(f, title->heading);
	fputs("</h1>\n<table class=\"catalog\">\n", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "<tr><th>%s</th><td>", rows[i].name);
		gk_text_put_html(f, rows[i].value);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n<div class=\"body\">\n", f);
	for (const char *line = item->body; *line;) {
		size_t len = strcspn(line, "\n");
		if (strspn(line, " \t\r") < len) {
			char *copy = strndup(line, len);
			fputs("<p>", f);
			if (copy)
				gk_text_put_html(f, copy);
			fputs("</p>\n", f);
			free(copy);
		}
		line += len + (line[len] == '\n');
	}
	fputs("</div>\n</body>\n</html>\n", f);
}

static void render_text(FILE *f, const struct gk_item *item,
			const struct gk_publication *p,
			const struct title *title)
{
	struct meta_row rows[META_ROWS];
	char validity[sizeof p->end_reason + 64];
	int n = meta_rows(item, p, rows, validity, sizeof validity);
	fprintf(f, "%s\n\n", title->heading);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s：%s\n", rows[i].name, rows[i].value);
	size_t len = strlen(item->body);
	fprintf(f, "\n%s%s", item->body,
		len && item->body[len - 1] == '\n' ? "" : "\n");
}

static void render_screen(FILE *f, const struct gk_publication *p,
			  const struct title *title)
{
	if (p->ended_on[0])
		fprintf(f, "【政府信息公开】%s自%s起%s（索引号 %s）\n",
			title->quoted, p->ended_on, gk_validity_zh(p->validity),
			p->index_no);
	else
		fprintf(f, "【政府信息公开】%s（索引号 %s，%s）\n",
			title->heading, p->index_no, p->published_on);
}

/*
 * Refuse, naming the field, a character of a field that the channel's
 * encoding cannot hold, so that the message says where to change it.
 */
static int check_encodable(const struct gk_channel *ch,
			   const struct gk_item *item,
			   const struct gk_publication *p, struct gk_err *err)
{
	const struct {
		const char *field, *text;
		int on_screen;
	} fields[] = {
	    {_("the title"), item->title, 1},
	    {_("the 索引号"), p->index_no, 1},
	    {_("the 内容概述"), p->summary, 0},
	    {_("the 文号"), item->doc_no, 0},
	    {_("the 发布机构"), p->issuer, 0},
	    {_("the 主题分类"), p->topic, 0},
	    {_("the 体裁"), p->genre, 0},
	    {_("the keywords"), p->keywords, 0},
	    {_("the reason it ended"), p->end_reason, 0},
	    {_("the body"), item->body, 0},
	};
	int screen = strcmp(ch->kind, "screen") == 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (screen && !fields[i].on_screen)
			continue;
		char source[512], *out;
		snprintf(source, sizeof source, _("Channel %s (%s), %s"),
			 ch->name, ch->encoding, fields[i].field);
		int rc = gk_text_encode(fields[i].text, strlen(fields[i].text),
					ch->encoding, source, &out, NULL, err);
		if (rc < 0)
			return rc;
		free(out);
	}
	return 0;
}

/* Render the file NAME.EXTENSION of ch and encode it, as the next of
 * files. */
static int render_file(struct gk_channel_files *files, const char *name,
		       const char *extension, const struct gk_channel *ch,
		       const struct gk_item *item,
		       const struct gk_publication *p, struct gk_err *err)
{
	char *text = NULL, *heading = gk_text_title_heading(item->title),
	     *quoted = gk_text_book_title(item->title);
	size_t len = 0;
	FILE *f = heading && quoted ? open_memstream(&text, &len) : NULL;
	if (!f) {
		free(heading);
		free(quoted);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	const struct title title = {heading, quoted};
	if (strcmp(extension, "html") == 0)
		render_html(f, item, p, ch->encoding, &title);
	else if (strcmp(ch->kind, "screen") == 0)
		render_screen(f, p, &title);
	else
		render_text(f, item, p, &title);
	free(heading);
	free(quoted);
	if (fclose(f) != 0 || !text) {
		free(text);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	char source[512];
	snprintf(source, sizeof source, _("Channel %s (%s), file %s.%s"),
		 ch->name, ch->encoding, name, extension);
	int k = files->n;
	snprintf(files->f[k].name, sizeof files->f[k].name, "%s.%s", name,
		 extension);
	int rc = gk_text_encode(text, len, ch->encoding, source,
				&files->f[k].data, &files->f[k].len, err);
	free(text);
	if (rc == 0)
		files->n++;
	return rc;
}

int gk_channel_render(const struct gk_channel *ch, const struct gk_item *item,
		      const struct gk_publication *p,
		      struct gk_channel_files *files, struct gk_err *err)
{
	char name[GK_INDEX_NO_MAX + 1];
	int rc;

	files->n = 0;
	if (strcmp(ch->kind, "manual") == 0)
		return 0;
	if ((rc = check_encodable(ch, item, p, err)) < 0)
		return rc;
	snprintf(name, sizeof name, "%s", p->index_no);
	for (char *s = name; *s; s++)
		if (*s == '/')
			*s = '_';
	if (strcmp(ch->kind, "web") == 0 &&
	    (rc = render_file(files, name, "html", ch, item, p, err)) < 0)
		goto fail;
	if ((rc = render_file(files, name, "txt", ch, item, p, err)) < 0)
		goto fail;
	return 0;
fail:
	gk_channel_files_free(files);
	return rc;
}

/* mkdir -p dir. */
static int make_dirs(const char *dir)
{
	char path[1024];
	snprintf(path, sizeof path, "%s", dir);
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* What writing a channel's files came to: the paths written, one a
 * line, and why it failed ("" when it did not). */
struct outcome {
	char files[sizeof(((struct gk_delivery *)0)->files)];
	char note[OUTCOME_MAX];
};

/* Write files into ch's outbox; 0, or -1 with out->note saying why. */
static int write_files(const struct gk_channel *ch,
		       const struct gk_channel_files *files,
		       struct outcome *out)
{
	size_t used = 0;
	out->files[0] = out->note[0] = '\0';
	if (make_dirs(ch->outbox) < 0) {
		snprintf(out->note, sizeof out->note,
			 _("Could not make the folder %s: %s."), ch->outbox,
			 strerror(errno));
		return -1;
	}
	for (int i = 0; i < files->n; i++) {
		char path[1200];
		if (gk_file_write_atomic(ch->outbox, files->f[i].name,
					 files->f[i].data, files->f[i].len,
					 0644, path, sizeof path) < 0) {
			snprintf(out->note, sizeof out->note,
				 _("Could not write %s: %s."), path,
				 strerror(errno));
			return -1;
		}
		if (used < sizeof out->files)
			used += (size_t)snprintf(
			    out->files + used, sizeof out->files - used, "%s%s",
			    used ? "\n" : "", path);
	}
	return 0;
}

/* Record what writing came to in the delivery of publication_id to
 * channel, inside the caller's transaction. */
static int record_outcome(struct gk_store *store, const char *actor_id,
			  const char *publication_id, const char *channel,
			  int failed, const struct outcome *outcome,
			  struct gk_err *err)
{
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	return gk_store_exec(
	    store, err,
	    "UPDATE delivery SET attempts = attempts + 1, files = ?, "
	    "state = ?, note = ?, at = ?, actor_id = ? "
	    "WHERE publication_id = ? AND channel = ?",
	    "ttttttt", outcome->files, failed ? "failed" : "pending",
	    outcome->note, now, actor_id, publication_id, channel);
}

int gk_delivery_open(struct gk_store *store, const char *publication_id,
		     const struct gk_channel *channels, int n, const char *at,
		     const char *actor_id, struct gk_err *err)
{
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		char id[GK_ID_HEX + 1];
		gk_new_id(id);
		rc = gk_store_exec(store, err,
				   "INSERT INTO delivery (id, publication_id, "
				   "channel, state, at, actor_id) "
				   "VALUES (?, ?, ?, 'pending', ?, ?)",
				   "ttttt", id, publication_id,
				   channels[i].code, at, actor_id);
	}
	return rc;
}

void gk_delivery_write(struct gk_store *store, const char *actor_id,
		       const char *publication_id,
		       const struct gk_channel *channels,
		       const struct gk_channel_files *rendered, int n)
{
	struct outcome *outcomes = calloc((size_t)n, sizeof *outcomes);
	int *failed = calloc((size_t)n, sizeof *failed);
	struct gk_err err;
	if (!outcomes || !failed)
		goto done;
	for (int i = 0; i < n; i++)
		if (rendered[i].n)
			failed[i] = write_files(&channels[i], &rendered[i],
						&outcomes[i]);
	/* If this fails the deliveries stay pending, and a resend writes
	 * the files again. */
	if (gk_store_begin(store, &err) < 0)
		goto done;
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++)
		if (rendered[i].n)
			rc = record_outcome(store, actor_id, publication_id,
					    channels[i].code, failed[i] < 0,
					    &outcomes[i], &err);
	gk_store_end(store, rc, &err);
done:
	free(outcomes);
	free(failed);
}

void gk_delivery_redeliver(struct gk_store *store, const char *actor_id,
			   const char *item_id)
{
	struct gk_delivery *d;
	struct gk_channel *channels;
	int n, n_channels;
	struct gk_err ignored;
	if (gk_delivery_list(store, item_id, NULL, &d, &n, &ignored) < 0)
		return;
	if (gk_channel_list(store, &channels, &n_channels, &ignored) < 0) {
		free(d);
		return;
	}
	/* The page stays up with its status, the display screen announces
	 * the end; a failure is recorded in its delivery. */
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n_channels; k++)
			if (strcmp(channels[k].code, d[i].channel) == 0 &&
			    strcmp(channels[k].kind, "manual") != 0)
				gk_delivery_resend(store, actor_id, item_id,
						   d[i].channel, &ignored);
	free(channels);
	free(d);
}

/* ---- adding channels ---- */

static int check_channel_code(const char *code, struct gk_err *err)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 1 || n > GK_CHANNEL_CODE_MAX ||
	    strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return gk_fail(err, GK_EINVAL,
			       _("A channel code is 1 to %d of a-z, 0-9 and "
				 "'-', not '%s'."),
			       GK_CHANNEL_CODE_MAX, code ? code : "");
	return 0;
}

int gk_channel_add(struct gk_store *store, const char *actor_id,
		   const char *code, const char *name, const char *kind,
		   const char *encoding, const char *outbox, int planned,
		   struct gk_err *err)
{
	struct gk_user actor;
	sqlite3_stmt *st;
	const char *enc = NULL;
	int rc;

	if ((rc = check_channel_code(code, err)) < 0 ||
	    (rc = gk_text_check_line(name ? name : "", _("The channel's name"),
				     CHANNEL_NAME_MAX, err)) < 0)
		return rc;
	if (gk_word_find(channel_kinds, kind) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown kind of channel '%s'; it is web, "
				 "screen or manual."),
			       kind ? kind : "");
	for (int i = 0; encoding && encodings[i]; i++)
		if (strcasecmp(encoding, encodings[i]) == 0)
			enc = encodings[i];
	if (!enc)
		return gk_fail(err, GK_EINVAL,
			       _("A channel's files are written in UTF-8, "
				 "GB18030 or GBK, not '%s'."),
			       encoding ? encoding : "");
	if (!outbox)
		outbox = "";
	if (outbox[0] && ((rc = gk_text_check_line(
			       outbox, _("The outbox folder"), 512, err)) < 0))
		return rc;
	if (outbox[0] && outbox[0] != '/')
		return gk_fail(err, GK_EINVAL,
			       _("The outbox folder must be an absolute path, "
				 "not '%s'."),
			       outbox);
	if (planned != 0 && planned != 1)
		return gk_fail(err, GK_EINVAL,
			       _("A channel is planned (1) or not (0)."));
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT code = ? FROM channel "
			       "WHERE code = ? OR name = ? LIMIT 1",
			       "ttt", code, code, name)) < 0)
		goto done;
	if (rc) {
		int same_code = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		rc = same_code
			 ? gk_fail(err, GK_EEXIST,
				   _("There is already a channel '%s'."), code)
			 : gk_fail(err, GK_EEXIST,
				   _("There is already a channel called "
				     "%s."),
				   name);
		goto done;
	}
	if ((rc = gk_store_exec(
		 store, err,
		 "INSERT INTO channel (code, name, position, planned, kind, "
		 "encoding, outbox) VALUES (?, ?, (SELECT coalesce(max("
		 "position), 0) + 1 FROM channel), ?, ?, ?, ?)",
		 "ttdttt", code, name, planned, kind, enc, outbox)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_CHANNEL_ADD, code,
			     name, err);
done:
	return gk_store_end(store, rc, err);
}

/* ---- deliveries ---- */

#define DELIVERY_SELECT                                                        \
	"SELECT p.item_id, p.index_no, v.title, d.channel, c.name, d.state, "  \
	"d.at, u.login, d.attempts, d.files, d.note FROM delivery d "          \
	"JOIN publication p ON p.id = d.publication_id "                       \
	"JOIN item_version v ON v.id = p.version_id "                          \
	"JOIN channel c ON c.code = d.channel "                                \
	"JOIN user u ON u.id = d.actor_id "

static int fill_delivery(void *ctx, void *elem, sqlite3_stmt *st,
			 struct gk_err *err)
{
	struct gk_delivery *d = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, d->item_id, sizeof d->item_id);
	gk_col_copy(st, 1, d->index_no, sizeof d->index_no);
	gk_col_copy(st, 2, d->title, sizeof d->title);
	gk_col_copy(st, 3, d->channel, sizeof d->channel);
	gk_col_copy(st, 4, d->channel_name, sizeof d->channel_name);
	gk_col_copy(st, 5, d->state, sizeof d->state);
	gk_col_copy(st, 6, d->at, sizeof d->at);
	gk_col_copy(st, 7, d->actor_login, sizeof d->actor_login);
	d->attempts = sqlite3_column_int(st, 8);
	gk_col_copy(st, 9, d->files, sizeof d->files);
	gk_col_copy(st, 10, d->note, sizeof d->note);
	return 0;
}

int gk_delivery_list(struct gk_store *store, const char *item_id,
		     const char *state, struct gk_delivery **out, int *count,
		     struct gk_err *err)
{
	sqlite3_stmt *st;
	*out = NULL;
	*count = 0;
	if (state && gk_word_find(delivery_states, state) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown delivery state '%s'; it is pending, "
				 "delivered or failed."),
			       state);
	int rc = gk_store_prep(store, err, &st,
			       DELIVERY_SELECT
			       "WHERE (?1 IS NULL OR p.item_id = ?1) "
			       "AND (?2 IS NULL OR d.state = ?2) "
			       "ORDER BY d.at, p.index_no, c.position",
			       "tt", item_id, state);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_delivery, NULL,
				NULL, out, count, err);
}

/* The publication of item_id into *p and its delivery to channel's state
 * and time (each unless NULL), inside the caller's transaction;
 * GK_ENOTFOUND saying which is missing. */
static int find_delivery(struct gk_store *store, const char *item_id,
			 const char *channel, struct gk_publication *p,
			 char state[16], char at[GK_TIME_LEN],
			 struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = gk_publication_get(store, item_id, p, err)) < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT state, at FROM delivery WHERE "
			       "publication_id = ? AND channel = ?",
			       "tt", p->id, channel)) < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("Item %.8s was not published through channel "
				 "'%s'."),
			       item_id, channel);
	if (state)
		gk_col_copy(st, 0, state, 16);
	if (at)
		gk_col_copy(st, 1, at, GK_TIME_LEN);
	sqlite3_finalize(st);
	return 0;
}

/* Append to item_id's history the event action (deliver, coverage) by
 * actor, inside the caller's transaction. */
static int item_event(struct gk_store *store, const char *item_id,
		      const char *actor_id, enum gk_event_kind kind,
		      const char *comment, struct gk_err *err)
{
	struct gk_item item = {0};
	int rc = gk_doc_get(store, item_id, &item, err);
	if (rc == 0)
		rc = gk_doc_event(store, &item, actor_id, kind, comment, err);
	gk_item_free(&item);
	return rc;
}

/* "淄川经信网: delivered — note" for the history. */
static void delivery_comment(const char *name, const char *what,
			     const char *note, char *out, size_t size)
{
	snprintf(out, size, "%s: %s%s%s", name, what,
		 note && note[0] ? " — " : "", note ? note : "");
}

int gk_delivery_mark(struct gk_store *store, const char *actor_id,
		     const char *item_id, const char *channel,
		     const char *state, const char *note, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_publication p;
	struct gk_channel ch;
	int found = find_channel(store, channel, &ch, err);
	if (found < 0)
		return found;
	channel = ch.code;
	char now[GK_TIME_LEN], detail[96], was[16], at[GK_TIME_LEN];
	int rc;

	if (!state ||
	    (gk_delivery_state_parse(state) != GK_DELIVERY_DELIVERED &&
	     gk_delivery_state_parse(state) != GK_DELIVERY_FAILED))
		return gk_fail(err, GK_EINVAL,
			       _("A delivery is marked delivered or failed, "
				 "not '%s'; resending makes it pending."),
			       state ? state : "");
	if (gk_delivery_state_parse(state) == GK_DELIVERY_FAILED &&
	    (rc = gk_reason_check(note, _("A note on what failed"), err)) < 0)
		return rc;
	if (note && note[0] &&
	    (rc = gk_text_check_line(note, _("The note"), GK_REASON_MAX, err)) <
		0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = find_delivery(store, item_id, channel, &p, was, at, err)) < 0)
		goto done;
	if (gk_delivery_state_parse(was) == GK_DELIVERY_DELIVERED &&
	    gk_delivery_state_parse(state) == GK_DELIVERY_DELIVERED) {
		char local[GK_TIME_LEN];
		gk_time_local(gk_time_parse(at), local);
		rc = gk_fail(err, GK_EINVAL,
			     _("The delivery to channel '%s' was already "
			       "marked delivered (%s)."),
			     channel, local);
		goto done;
	}
	char comment[GK_REASON_MAX * 4 + 320];
	delivery_comment(ch.name, gk_delivery_state_label(state), note, comment,
			 sizeof comment);
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s %s", channel, state);
	if ((rc = gk_store_exec(store, err,
				"UPDATE delivery SET state = ?, note = ?, "
				"at = ?, actor_id = ? WHERE publication_id = ? "
				"AND channel = ?",
				"tttttt", state, note ? note : "", now,
				actor.id, p.id, channel)) < 0 ||
	    (rc = item_event(store, p.item_id, actor.id, GK_EVENT_DELIVER,
			     comment, err)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_DELIVERY, p.item_id,
			     detail, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_delivery_resend(struct gk_store *store, const char *actor_id,
		       const char *item_id, const char *channel,
		       struct gk_err *err)
{
	struct gk_channel ch;
	int found = find_channel(store, channel, &ch, err);
	if (found < 0)
		return found;
	channel = ch.code;
	struct gk_user actor;
	struct gk_publication p;
	struct gk_item item = {0};
	struct gk_channel_files files = {0};
	struct outcome outcome = {0};
	char detail[96];
	int rc, failed = 0;
	struct gk_err why;

	/* Read and render in a read transaction, write the files with no
	 * lock held, then record the outcome. */
	if (sqlite3_exec(store->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) == 0 &&
	    (rc = find_delivery(store, item_id, channel, &p, NULL, NULL,
				err)) == 0 &&
	    (rc = gk_doc_version(store, p.item_id, p.version, &item, err)) ==
		0) {
		if (gk_channel_render(&ch, &item, &p, &files, &why) < 0) {
			failed = 1;
			snprintf(outcome.note, sizeof outcome.note, "%s",
				 why.msg);
		}
	}
	gk_store_rollback(store);
	gk_item_free(&item);
	if (rc < 0)
		return rc;
	if (!failed && files.n && write_files(&ch, &files, &outcome) < 0) {
		failed = 1;
		why.code = GK_EIO;
		snprintf(why.msg, sizeof why.msg, "%.*s",
			 (int)sizeof why.msg - 1, outcome.note);
	}
	int took_files = files.n > 0 || failed;
	gk_channel_files_free(&files);

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = find_delivery(store, item_id, channel, &p, NULL, NULL, err)) <
		0)
		goto done;
	if (took_files)
		rc = record_outcome(store, actor.id, p.id, channel, failed,
				    &outcome, err);
	else {
		char now[GK_TIME_LEN];
		gk_store_now(store, now);
		rc = gk_store_exec(store, err,
				   "UPDATE delivery SET state = 'pending', "
				   "note = '', at = ?, actor_id = ? "
				   "WHERE publication_id = ? AND channel = ?",
				   "tttt", now, actor.id, p.id, channel);
	}
	snprintf(detail, sizeof detail, "%s resend%s", channel,
		 failed ? " failed" : "");
	char comment[GK_REASON_MAX * 4 + 320];
	delivery_comment(ch.name,
			 failed ? _("sent again, failed") : _("sent again"),
			 failed ? why.msg : NULL, comment, sizeof comment);
	if (rc == 0)
		rc = item_event(store, p.item_id, actor.id, GK_EVENT_DELIVER,
				comment, err);
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_DELIVERY,
				     p.item_id, detail, err);
done:
	rc = gk_store_end(store, rc, err);
	/* The failure is recorded in the delivery; the caller hears it
	 * too. */
	if (rc == 0 && failed)
		rc = gk_fail(err, why.code, "%s", why.msg);
	return rc;
}
