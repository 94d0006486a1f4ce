/**
 * The named RFM group of a customer from their recency score R and the combined frequency-monetary
 * score FM = ⌈(F + M) / 2⌉ (the mean of F and M, halves rounded up), on a 5 × 5 grid.
 *
 * The eleven groups and their score ranges are those of the widely used RFM segment table published
 * with the `rfm` R package (Aravind Hebbali, rsquaredacademy, CRAN, vignette "RFM Analysis"):
 *
 *   Champions R 4–5, FM 4–5          Need Attention R 2–3, FM 2–3
 *   Loyal R 2–5, FM 3–5              About To Sleep R 2–3, FM ≤ 2
 *   Potential Loyalist R 3–5, FM 1–3 At Risk R ≤ 2, FM 2–5
 *   New Customers R 4–5, FM ≤ 1      Can't Lose Them R ≤ 1, FM 4–5
 *   Promising R 3–4, FM ≤ 1          Hibernating R 1–2, FM 1–2
 *                                    Lost R ≤ 2, FM ≤ 2
 *
 * Those ranges overlap and applying them first-match leaves some groups unreachable (New falls inside
 * Potential Loyalist) and some scores in no group. This grid assigns every cell exactly one group, each
 * inside its published ranges, with overlaps resolved so that all eleven are reachable (the narrower
 * group wins where one range contains another: Cannot Lose over At Risk, New over Potential Loyalist):
 *
 *   R\FM   1               2                   3                   4             5
 *   5      New             Potential Loyalist  Potential Loyalist  Champions     Champions
 *   4      Promising       Potential Loyalist  Loyal               Champions     Champions
 *   3      About to Sleep  Need Attention      Loyal               Loyal         Loyal
 *   2      Hibernating     About to Sleep      At Risk             At Risk       At Risk
 *   1      Lost            Hibernating         At Risk             Cannot Lose   Cannot Lose
 */
export type RfmGroup =
  | 'champions'
  | 'loyal'
  | 'potential_loyalist'
  | 'new'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cannot_lose'
  | 'hibernating'
  | 'lost';

/** Display names of the groups, for the editor and reports. */
export const rfmGroupLabels: Readonly<Record<RfmGroup, string>> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalist: 'Potential Loyalist',
  new: 'New',
  promising: 'Promising',
  need_attention: 'Need Attention',
  about_to_sleep: 'About to Sleep',
  at_risk: 'At Risk',
  cannot_lose: 'Cannot Lose',
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/** Rows R = 1…5, columns FM = 1…5 (the table above, bottom row first). */
const rfmGroupGrid: readonly (readonly RfmGroup[])[] = [
  ['lost', 'hibernating', 'at_risk', 'cannot_lose', 'cannot_lose'],
  ['hibernating', 'about_to_sleep', 'at_risk', 'at_risk', 'at_risk'],
  ['about_to_sleep', 'need_attention', 'loyal', 'loyal', 'loyal'],
  ['promising', 'potential_loyalist', 'loyal', 'champions', 'champions'],
  ['new', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
];

/**
 * The group of scores r, f, m (each 1…5).
 *
 * @example classifyRfmGroup(5, 4, 3) // 'champions' (FM = ⌈3.5⌉ = 4)
 */
export function classifyRfmGroup(r: number, f: number, m: number): RfmGroup {
  const frequencyMonetary = Math.ceil((f + m) / 2);
  return rfmGroupGrid[r - 1][frequencyMonetary - 1];
}
