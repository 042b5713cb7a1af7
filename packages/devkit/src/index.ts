// Provider stand-ins (helper "stand-ins"): loopback servers speaking each provider's wire protocol.
export type {
  AcceptedMessage,
  BaseStandIn,
  FaultSpec,
  RejectedRequest,
  StandIn,
} from './standins/core.js';
export type { SendGridStandInOptions } from './standins/sendgrid.js';
export { startSendGridStandIn } from './standins/sendgrid.js';
