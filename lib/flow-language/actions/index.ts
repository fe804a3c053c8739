import type { ActionDefinition } from './action.ts';
import CheckHoursOfOperation from './CheckHoursOfOperation.ts';
import CheckMetricData from './CheckMetricData.ts';
import Compare from './Compare.ts';
import ConnectParticipantWithLexBot from './ConnectParticipantWithLexBot.ts';
import CreateCallbackContact from './CreateCallbackContact.ts';
import DequeueContactAndTransferToQueue from './DequeueContactAndTransferToQueue.ts';
import DisconnectParticipant from './DisconnectParticipant.ts';
import DistributeByPercentage from './DistributeByPercentage.ts';
import EndFlowExecution from './EndFlowExecution.ts';
import EndFlowModuleExecution from './EndFlowModuleExecution.ts';
import GetCustomerProfile from './GetCustomerProfile.ts';
import GetMetricData from './GetMetricData.ts';
import GetParticipantInput from './GetParticipantInput.ts';
import InvokeFlowModule from './InvokeFlowModule.ts';
import InvokeLambdaFunction from './InvokeLambdaFunction.ts';
import Loop from './Loop.ts';
import MessageParticipant from './MessageParticipant.ts';
import MessageParticipantIteratively from './MessageParticipantIteratively.ts';
import TagContact from './TagContact.ts';
import TransferContactToQueue from './TransferContactToQueue.ts';
import TransferToFlow from './TransferToFlow.ts';
import UntagContact from './UntagContact.ts';
import UpdateContactAttributes from './UpdateContactAttributes.ts';
import UpdateContactCallbackNumber from './UpdateContactCallbackNumber.ts';
import UpdateContactData from './UpdateContactData.ts';
import UpdateContactEventHooks from './UpdateContactEventHooks.ts';
import UpdateContactRecordingBehavior from './UpdateContactRecordingBehavior.ts';
import UpdateContactRoutingBehavior from './UpdateContactRoutingBehavior.ts';
import UpdateContactRoutingCriteria from './UpdateContactRoutingCriteria.ts';
import UpdateContactTargetQueue from './UpdateContactTargetQueue.ts';
import UpdateContactTextToSpeechVoice from './UpdateContactTextToSpeechVoice.ts';
import UpdateFlowAttributes from './UpdateFlowAttributes.ts';
import UpdateFlowLoggingBehavior from './UpdateFlowLoggingBehavior.ts';
import Wait from './Wait.ts';

/**
 * Every action type the toolkit knows, one module each. Adding an action type means adding its
 * module and listing it here; the validator, simulator and renderer read nothing else.
 */
const DEFINITIONS: readonly ActionDefinition[] = [
  CheckHoursOfOperation,
  CheckMetricData,
  Compare,
  ConnectParticipantWithLexBot,
  CreateCallbackContact,
  DequeueContactAndTransferToQueue,
  DisconnectParticipant,
  DistributeByPercentage,
  EndFlowExecution,
  EndFlowModuleExecution,
  GetCustomerProfile,
  GetMetricData,
  GetParticipantInput,
  InvokeFlowModule,
  InvokeLambdaFunction,
  Loop,
  MessageParticipant,
  MessageParticipantIteratively,
  TagContact,
  TransferContactToQueue,
  TransferToFlow,
  UntagContact,
  UpdateContactAttributes,
  UpdateContactCallbackNumber,
  UpdateContactData,
  UpdateContactEventHooks,
  UpdateContactRecordingBehavior,
  UpdateContactRoutingBehavior,
  UpdateContactRoutingCriteria,
  UpdateContactTargetQueue,
  UpdateContactTextToSpeechVoice,
  UpdateFlowAttributes,
  UpdateFlowLoggingBehavior,
  Wait,
];

export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(DEFINITIONS.map((d) => [d.type, d]));

export function actionDefinition(type: string): ActionDefinition | undefined {
  return ACTIONS.get(type);
}
