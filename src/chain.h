/*
 * chain — the review chain as data (table flow_step; default 科室负责人审核
 * → 分管负责人审核 → 主要负责人签发) and who may decide an item's step.
 *
 * Below both flow (decisions, queues) and secrecy (the confidentiality
 * review at a step), so that neither calls the other to learn the chain:
 * flow calls secrecy (no sign-off before the review is complete), secrecy
 * calls only this.  Reads only; the caller owns what it is given.
 */
#ifndef GK_CHAIN_H
#define GK_CHAIN_H

#include "doc.h"

struct gk_step {
	int no;		/* 1-based */
	char name[128]; /* 科室负责人审核 … */
	char role[16];	/* a role key */
	char scope[8];	/* dept | deputy | any */
};

/* The review chain in order into *steps (caller frees). */
int gk_chain_steps(struct gk_store *store, struct gk_step **steps, int *count,
		   struct gk_err *err);

/* Step no of the chain into *out, and the last step's number into
 * *last; GK_EINVAL when the chain has no such step. */
int gk_chain_step(struct gk_store *store, int no, struct gk_step *out,
		  int *last, struct gk_err *err);

/*
 * 0 when actor may decide the item's current step now, else GK_EDENIED
 * saying why (the same checks gk_flow_approve and gk_flow_return make, and the
 * confidentiality review at the item's step).
 */
int gk_chain_may_decide(struct gk_store *store, const struct gk_user *actor,
			const struct gk_item *item, struct gk_err *err);

#endif
