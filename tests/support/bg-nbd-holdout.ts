import {
  sampleBeta,
  sampleExponential,
  sampleGamma,
  type BgNbdParameters,
  type CustomerSummary,
  type RandomSource,
} from '../../engine/models';

/**
 * Customers simulated from the BG/NBD process through a calibration period of length `age` AND a
 * following holdout period of length `holdout`, so predictions made from the calibration summary can be
 * compared with what each simulated customer then actually did.
 */
export interface HoldoutCustomer {
  calibration: CustomerSummary;
  holdoutPurchases: number;
  aliveAtCalibrationEnd: boolean;
}

export function simulateHoldout(parameters: BgNbdParameters, customers: number, age: number, holdout: number, random: RandomSource): HoldoutCustomer[] {
  const result: HoldoutCustomer[] = [];
  for (let index = 0; index < customers; index++) {
    const rate = sampleGamma(random, parameters.r, parameters.alpha);
    const dropout = sampleBeta(random, parameters.a, parameters.b);
    let time = 0;
    let x = 0;
    let recency = 0;
    let later = 0;
    let alive = true;
    for (;;) {
      time += sampleExponential(random, rate);
      if (time > age + holdout) break;
      if (time <= age) {
        x++;
        recency = time;
      } else {
        later++;
      }
      if (random() < dropout) {
        alive = false;
        break;
      }
    }
    const aliveAtCalibrationEnd = alive || time > age;
    result.push({ calibration: { x, t_x: recency, T: age, monetary_value: null }, holdoutPurchases: later, aliveAtCalibrationEnd });
  }
  return result;
}
