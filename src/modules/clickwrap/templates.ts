// Starter texts for the acknowledgments an Ontario brokerage collects under TRESA. Winnerr's own
// wording, written as a starting point: the brokerage fills the [placeholders], checks the text
// against RECO's current requirements (and its own advice), and publishes. Not legal advice.
export interface ClickwrapTemplate {
  id: string;
  label: string;
  key: string;
  title: string;
  body: string;
}

export const TEMPLATES: readonly ClickwrapTemplate[] = [
  {
    id: "reco-guide",
    label: "Receipt of the RECO Information Guide",
    key: "reco-information-guide",
    title: "I received the RECO Information Guide",
    body: [
      "[Brokerage name], through [Agent name], gave me a copy of the RECO Information Guide, published by the Real Estate Council of Ontario, before we started working together.",
      "I understand that the guide describes, in plain language, the services a brokerage may offer me, the different relationships I can have with a brokerage (as its client or as a self-represented party), and the protections Ontario's Trust in Real Estate Services Act, 2002 gives me.",
      "I have had the opportunity to read the guide and to ask [Agent name] about anything in it. Acknowledging that I received it does not commit me to any agreement with [Brokerage name].",
    ].join("\n\n"),
  },
  {
    id: "self-represented",
    label: "Disclosure to a self-represented party",
    key: "self-represented-party-disclosure",
    title: "[Brokerage name] does not represent me",
    body: [
      "[Brokerage name] acts for [Client name], the [buyer / seller / landlord / tenant] in the transaction for [Property address]. Neither [Brokerage name] nor its agents represent me, and I am not their client.",
      "Because I am not their client, I understand that:\n- they must act in their client's best interests, and their duties of loyalty and confidentiality are owed to their client, not to me;\n- they will not advise me, negotiate for me, or recommend a price or terms I should accept;\n- what I tell them may be passed on to their client;\n- without a representative of my own I may be at a disadvantage in this transaction.",
      "[Brokerage name] must still deal with me honestly and fairly. Any help they offer me is limited to: [describe the assistance, for example giving me information about the property or forms to complete].",
      "[Brokerage name] has recommended that I get independent advice, for example from a brokerage that represents me or from a lawyer, before I sign anything or make decisions in this transaction.",
      "I received this disclosure before [Brokerage name] gave me any assistance, and I have had the opportunity to ask questions about it.",
    ].join("\n\n"),
  },
];

export const templateById = (id: string | undefined) => TEMPLATES.find((t) => t.id === id);
