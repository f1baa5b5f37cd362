/* explain: why each score is what it is, in the words of a 扣分说明.
 *
 * From the VM's trace of a row (vm_set_tracing), each indicator that lost
 * points, did not apply or was vetoed gets a sentence:
 *   预算执行率 扣0.93分：资金未使用完毕（实际支出资金 1427.91，实际到位资金 1753.45；4.071716… → 4.07）
 * and every leaf a structured record for JSON. */
#ifndef SCORE_EXPLAIN_H
#define SCORE_EXPLAIN_H

#include "program.h"
#include "strbuf.h"
#include "row.h"

/* The sentence of one indicator (empty when it kept all its points). */
void explain_node(strbuf *sb, const prog *p, const row *v, int node);
/* The sentences of a row, joined by "；". */
void explain_row(strbuf *sb, const prog *p, const row *v);
/* What happened to the total itself: a rescale's arithmetic, bonus items,
 * the veto that decided the grade; nothing when none did. */
void explain_total(strbuf *sb, const prog *p, const row *v);
/* What a 小计 row of node says: for each capped parent in its subtree whose
 * leaves are worth more than it is, their sum and the cap, and where their
 * scores were cut, the sum and what was counted; nothing when no cap
 * applies. */
void explain_subtotal(strbuf *sb, const prog *p, const row *v, int node);
/* A JSON array with one record per leaf. */
void explain_row_json(strbuf *sb, const prog *p, const row *v);
/* An input's value as a person writes it (93.68%, 是, 部分公开). */
void explain_value(strbuf *sb, const prog_input *in, const dec_t *value);

#endif
