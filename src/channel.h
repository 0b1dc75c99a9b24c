/*
 * channel — where a publication goes: the channels (a website, the
 * display screen, newspapers and the 公文 exchange by hand), the files
 * each kind takes in its encoding, and one delivery per publication and
 * channel with what came of it.
 *
 * Rules the core keeps, whatever front end calls it:
 * - only an admin adds channels; only a holder of role publisher marks
 *   or resends deliveries;
 * - a text that a channel's encoding cannot hold is refused before
 *   anything is written, naming the field and the character;
 * - files are written after the publishing transaction commits (a
 *   temporary name, fsync, rename); the delivery row records what was
 *   written, or why it failed, and resending writes them again.  A
 *   delivery is pending until the publisher marks it delivered;
 * - a title in a file is written as every screen shows it
 *   (gk_text_book_title, gk_text_title_heading).
 * Channel kinds: web (an HTML page and a text file), screen (one line of
 * text), manual (no files: a person delivers).
 *
 * The gk_channel_render … gk_delivery_redeliver group is for publish.c,
 * which renders inside its transaction and delivers after it.  Arrays
 * returned through out-parameters are the caller's to free().
 */
#ifndef GK_CHANNEL_H
#define GK_CHANNEL_H

#include "publish.h"

/* X(name, key, label) — where a delivery is. */
#define GK_DELIVERY_STATES(X)                                                  \
	X(PENDING, "pending", N_("pending"))                                   \
	X(DELIVERED, "delivered", N_("delivered"))                             \
	X(FAILED, "failed", N_("failed"))

/* X(name, key, label) — what delivery does for a channel. */
#define GK_CHANNEL_KINDS(X)                                                    \
	X(WEB, "web", N_("web page (HTML and text files)"))                    \
	X(SCREEN, "screen", N_("display screen (one line of text)"))           \
	X(MANUAL, "manual", N_("by hand (no files)"))

#define GK_CHANNEL_CODE_MAX 32 /* characters: a-z, 0-9, '-' */

/* clang-format off */
enum gk_delivery_state {
#define GK_DELIVERY_ENUM(name, key, label) GK_DELIVERY_##name,
	GK_DELIVERY_STATES(GK_DELIVERY_ENUM)
#undef GK_DELIVERY_ENUM
	GK_DELIVERY_COUNT
};
/* clang-format on */

/* Translated labels of the keys above (the key itself if unknown). */
const char *gk_delivery_state_label(const char *key);
/* The delivery state of a key, or -1 for a key that is none. */
int gk_delivery_state_parse(const char *key);
const char *gk_channel_kind_label(const char *key);

struct gk_channel {
	char code[GK_CHANNEL_CODE_MAX + 1];
	char name[256];
	int position;
	int planned;	   /* 1: chosen by default */
	char kind[8];	   /* a GK_CHANNEL_KINDS key */
	char encoding[8];  /* UTF-8, GB18030 or GBK */
	char outbox[1024]; /* the folder files go to, resolved (never "") */
};

struct gk_delivery {
	char item_id[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	char title[GK_TITLE_MAX * 4 + 1];
	char channel[GK_CHANNEL_CODE_MAX + 1];
	char channel_name[256];
	char state[16]; /* a GK_DELIVERY_STATES key */
	char at[GK_TIME_LEN];
	char actor_login[GK_LOGIN_MAX + 1];
	int attempts;
	char files[2048]; /* paths written, one a line; "" for none */
	char note[GK_REASON_MAX * 4 + 1];
};

/* The channels in order into *out (caller frees). */
int gk_channel_list(struct gk_store *store, struct gk_channel **out, int *count,
		    struct gk_err *err);

/*
 * Admin: add a channel.  code is a-z, 0-9 and '-'; name unique; kind a
 * GK_CHANNEL_KINDS key; encoding UTF-8, GB18030 or GBK; outbox a folder
 * ("" or NULL: outbox/<code> beside the database); planned 0 or 1.
 */
int gk_channel_add(struct gk_store *store, const char *actor_id,
		   const char *code, const char *name, const char *kind,
		   const char *encoding, const char *outbox, int planned,
		   struct gk_err *err);

/*
 * Deliveries, oldest first: of item_id (NULL: all items), in state (a
 * GK_DELIVERY_STATES key; NULL: any), into *out (caller frees).
 */
int gk_delivery_list(struct gk_store *store, const char *item_id,
		     const char *state, struct gk_delivery **out, int *count,
		     struct gk_err *err);

/* Publisher: mark the item's delivery to channel "delivered" or "failed",
 * with a note (required for failed), and say so in the item's history.
 * GK_EINVAL when it is already marked delivered. */
int gk_delivery_mark(struct gk_store *store, const char *actor_id,
		     const char *item_id, const char *channel,
		     const char *state, const char *note, struct gk_err *err);

/* Publisher: deliver again: write the channel's files anew (if it takes
 * files) and make the delivery pending, or failed saying why. */
int gk_delivery_resend(struct gk_store *store, const char *actor_id,
		       const char *item_id, const char *channel,
		       struct gk_err *err);

/* ---- for publish.c ---- */

/* The files of one channel for one publication, encoded. */
struct gk_channel_files {
	struct {
		char name[GK_INDEX_NO_MAX + 8]; /* NAME.html, NAME.txt */
		char *data;			/* encoded; malloc'd */
		size_t len;
	} f[2];
	int n;
};

/* Free the data of files (files itself is the caller's). */
void gk_channel_files_free(struct gk_channel_files *files);

/*
 * The channels a publication goes through: codes (count of them, each a
 * code or a name), or with codes NULL the planned ones, into a new array
 * *out of *n (caller frees).  GK_EINVAL when none is planned, none is
 * named, one is named twice or is unknown (naming the known ones).
 */
int gk_channel_pick(struct gk_store *store, const char *const *codes, int count,
		    struct gk_channel **out, int *n, struct gk_err *err);

/*
 * The files channel ch takes for the publication p of item (none for a
 * manual channel), rendered and encoded into *files (free with
 * gk_channel_files_free).  A character the channel's encoding cannot
 * hold is GK_EINVAL naming it, and *files is empty.
 */
int gk_channel_render(const struct gk_channel *ch, const struct gk_item *item,
		      const struct gk_publication *p,
		      struct gk_channel_files *files, struct gk_err *err);

/* Inside the caller's write transaction: one pending delivery of
 * publication_id to each of the n channels, at at, by actor_id. */
int gk_delivery_open(struct gk_store *store, const char *publication_id,
		     const struct gk_channel *channels, int n, const char *at,
		     const char *actor_id, struct gk_err *err);

/*
 * After the publication committed: write the rendered files of each of
 * the n channels and record in each delivery what came of it, in a
 * transaction of its own.  A failure is the delivery's, never returned:
 * if even recording fails, the deliveries stay pending and a resend
 * writes the files again.
 */
void gk_delivery_write(struct gk_store *store, const char *actor_id,
		       const char *publication_id,
		       const struct gk_channel *channels,
		       const struct gk_channel_files *rendered, int n);

/*
 * After a withdrawal committed: the channels of item_id that took files
 * get them again, now saying 失效/废止, and those deliveries are pending
 * (or failed, saying why).  Nothing is returned: the withdrawal stands.
 */
void gk_delivery_redeliver(struct gk_store *store, const char *actor_id,
			   const char *item_id);

#endif
