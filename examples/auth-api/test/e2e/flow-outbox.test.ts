import { describeSignUpFlow } from './support/sign-up-flow.js';

describeSignUpFlow('outbox');
