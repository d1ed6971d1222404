// The parts of FHIR R4 that the intake questionnaire uses: the Questionnaire
// resource it is published as, and the QuestionnaireResponse stored as the
// client's own words. Shapes only; questionnaire-definition.ts fills them in.

export interface Extension {
  url: string;
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueCodeableConcept?: { coding: Coding[] };
}

export interface Coding {
  system?: string;
  code: string;
  display?: string;
  extension?: Extension[];
}

export type ItemType = "group" | "display" | "boolean" | "integer" | "date" | "string" | "text" | "choice";

export interface EnableWhen {
  question: string;
  operator: "=";
  answerCoding?: Coding;
  answerBoolean?: boolean;
}

export interface AnswerOption {
  valueCoding: Coding;
  extension?: Extension[];
}

export interface QuestionnaireItem {
  linkId: string;
  prefix?: string;
  text?: string;
  type: ItemType;
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  answerOption?: AnswerOption[];
  enableWhen?: EnableWhen[];
  enableBehavior?: "all" | "any";
  extension?: Extension[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: "Questionnaire";
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: "draft" | "active" | "retired";
  subjectType: string[];
  date: string;
  publisher: string;
  description: string;
  item: QuestionnaireItem[];
}

export type Answer =
  { valueCoding: Coding } | { valueBoolean: boolean } | { valueDate: string } | { valueString: string } | { valueInteger: number };

export interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: Answer[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: "QuestionnaireResponse";
  questionnaire: string;
  status: "in-progress" | "completed";
  authored?: string;
  subject?: { reference: string };
  author?: { reference: string };
  item: ResponseItem[];
}
