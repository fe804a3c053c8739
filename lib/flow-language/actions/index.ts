import AssociateContactToCustomerProfile from './AssociateContactToCustomerProfile.ts';
import AuthenticateParticipant from './AuthenticateParticipant.ts';
import type { ActionDefinition } from './action.ts';
import CheckHoursOfOperation from './CheckHoursOfOperation.ts';
import CheckMetricData from './CheckMetricData.ts';
import CheckOutboundCallStatus from './CheckOutboundCallStatus.ts';
import CheckVoiceId from './CheckVoiceId.ts';
import Compare from './Compare.ts';
import CompleteOutboundCall from './CompleteOutboundCall.ts';
import ConnectParticipantWithAgenticCX from './ConnectParticipantWithAgenticCX.ts';
import ConnectParticipantWithLexBot from './ConnectParticipantWithLexBot.ts';
import CreateCallbackContact from './CreateCallbackContact.ts';
import CreateCase from './CreateCase.ts';
import CreateCustomerProfile from './CreateCustomerProfile.ts';
import CreatePersistentContactAssociation from './CreatePersistentContactAssociation.ts';
import CreateTask from './CreateTask.ts';
import CreateWisdomSession from './CreateWisdomSession.ts';
import DequeueContactAndTransferToQueue from './DequeueContactAndTransferToQueue.ts';
import DisconnectParticipant from './DisconnectParticipant.ts';
import DistributeByPercentage from './DistributeByPercentage.ts';
import EndFlowExecution from './EndFlowExecution.ts';
import EndFlowModuleExecution from './EndFlowModuleExecution.ts';
import EvaluateDataTableValues from './EvaluateDataTableValues.ts';
import GetCalculatedAttributesForCustomerProfile from './GetCalculatedAttributesForCustomerProfile.ts';
import GetCase from './GetCase.ts';
import GetCustomerProfile from './GetCustomerProfile.ts';
import GetCustomerProfileObject from './GetCustomerProfileObject.ts';
import GetMetricData from './GetMetricData.ts';
import GetParticipantInput from './GetParticipantInput.ts';
import InvokeFlowModule from './InvokeFlowModule.ts';
import InvokeLambdaFunction from './InvokeLambdaFunction.ts';
import ListDataTableValues from './ListDataTableValues.ts';
import LoadContactContent from './LoadContactContent.ts';
import Loop from './Loop.ts';
import MessageParticipant from './MessageParticipant.ts';
import MessageParticipantIteratively from './MessageParticipantIteratively.ts';
import ResumeContact from './ResumeContact.ts';
import ShowView from './ShowView.ts';
import StartOutboundChatContact from './StartOutboundChatContact.ts';
import StartVoiceIdStream from './StartVoiceIdStream.ts';
import TagContact from './TagContact.ts';
import TransferContactToAgent from './TransferContactToAgent.ts';
import TransferContactToQueue from './TransferContactToQueue.ts';
import TransferParticipantToThirdParty from './TransferParticipantToThirdParty.ts';
import TransferToFlow from './TransferToFlow.ts';
import UntagContact from './UntagContact.ts';
import UpdateCase from './UpdateCase.ts';
import UpdateContactAttributes from './UpdateContactAttributes.ts';
import UpdateContactCallbackNumber from './UpdateContactCallbackNumber.ts';
import UpdateContactData from './UpdateContactData.ts';
import UpdateContactEventHooks from './UpdateContactEventHooks.ts';
import UpdateContactMediaProcessing from './UpdateContactMediaProcessing.ts';
import UpdateContactMediaStreamingBehavior from './UpdateContactMediaStreamingBehavior.ts';
import UpdateContactRecordingAndAnalyticsBehavior from './UpdateContactRecordingAndAnalyticsBehavior.ts';
import UpdateContactRecordingBehavior from './UpdateContactRecordingBehavior.ts';
import UpdateContactRoutingBehavior from './UpdateContactRoutingBehavior.ts';
import UpdateContactRoutingCriteria from './UpdateContactRoutingCriteria.ts';
import UpdateContactTargetQueue from './UpdateContactTargetQueue.ts';
import UpdateContactTextToSpeechVoice from './UpdateContactTextToSpeechVoice.ts';
import UpdateCustomerProfile from './UpdateCustomerProfile.ts';
import UpdateFlowAttributes from './UpdateFlowAttributes.ts';
import UpdateFlowLoggingBehavior from './UpdateFlowLoggingBehavior.ts';
import UpdatePreviousContactParticipantState from './UpdatePreviousContactParticipantState.ts';
import UpsertDataTableValues from './UpsertDataTableValues.ts';
import Wait from './Wait.ts';

/**
 * Every action type the toolkit knows, one module each: the flow language reference's action
 * pages (Amazon Connect Administrator Guide and API Reference, "Flow language actions"), and the
 * types console blocks write that have no page there. Adding an action type means adding its module
 * and listing it here; the validator, simulator and renderer read nothing else.
 */
const DEFINITIONS: readonly ActionDefinition[] = [
  AssociateContactToCustomerProfile,
  AuthenticateParticipant,
  CheckHoursOfOperation,
  CheckMetricData,
  CheckOutboundCallStatus,
  CheckVoiceId,
  Compare,
  CompleteOutboundCall,
  ConnectParticipantWithAgenticCX,
  ConnectParticipantWithLexBot,
  CreateCallbackContact,
  CreateCase,
  CreateCustomerProfile,
  CreatePersistentContactAssociation,
  CreateTask,
  CreateWisdomSession,
  DequeueContactAndTransferToQueue,
  DisconnectParticipant,
  DistributeByPercentage,
  EndFlowExecution,
  EndFlowModuleExecution,
  EvaluateDataTableValues,
  GetCalculatedAttributesForCustomerProfile,
  GetCase,
  GetCustomerProfile,
  GetCustomerProfileObject,
  GetMetricData,
  GetParticipantInput,
  InvokeFlowModule,
  InvokeLambdaFunction,
  ListDataTableValues,
  LoadContactContent,
  Loop,
  MessageParticipant,
  MessageParticipantIteratively,
  ResumeContact,
  ShowView,
  StartOutboundChatContact,
  StartVoiceIdStream,
  TagContact,
  TransferContactToAgent,
  TransferContactToQueue,
  TransferParticipantToThirdParty,
  TransferToFlow,
  UntagContact,
  UpdateCase,
  UpdateContactAttributes,
  UpdateContactCallbackNumber,
  UpdateContactData,
  UpdateContactEventHooks,
  UpdateContactMediaProcessing,
  UpdateContactMediaStreamingBehavior,
  UpdateContactRecordingAndAnalyticsBehavior,
  UpdateContactRecordingBehavior,
  UpdateContactRoutingBehavior,
  UpdateContactRoutingCriteria,
  UpdateContactTargetQueue,
  UpdateContactTextToSpeechVoice,
  UpdateCustomerProfile,
  UpdateFlowAttributes,
  UpdateFlowLoggingBehavior,
  UpdatePreviousContactParticipantState,
  UpsertDataTableValues,
  Wait,
];

export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(DEFINITIONS.map((d) => [d.type, d]));

export function actionDefinition(type: string): ActionDefinition | undefined {
  return ACTIONS.get(type);
}
