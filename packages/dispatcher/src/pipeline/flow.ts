/**
 * Runs the pipeline's steps one after another: a skip passes through the remaining steps untouched, and the
 * facts of the last delivery a step received are kept, so a step that throws is reported with everything
 * known up to it.
 */
import type { OutcomeFacts } from '@mailroom/shared-types';
import type { Runtime } from '../runtime.js';
import { type Delivery, isSkip, type Skip } from './delivery.js';

/** One step: the delivery so far in, the next stage (or a skip) out. */
export type Step<In extends Delivery, Out extends Delivery> = (
  delivery: In,
  rt: Runtime,
) => Out | Skip | Promise<Out | Skip>;

/**
 * The step runner of one invocation.
 * @example
 * const flow = new Flow(rt, invocation);
 * const validated = await flow.next(validate, invocation);
 * const routed = await flow.next(route, validated);
 */
export class Flow {
  /** The facts of the delivery the current (or last) step received. */
  facts: OutcomeFacts;

  constructor(
    private readonly rt: Runtime,
    start: Delivery,
  ) {
    this.facts = start.facts;
  }

  /** Runs `step` on `input`, unless `input` is already a skip. */
  async next<In extends Delivery, Out extends Delivery>(
    step: Step<In, Out>,
    input: In | Skip,
  ): Promise<Out | Skip> {
    if (isSkip(input)) return input;
    this.facts = input.facts;
    return step(input, this.rt);
  }
}
