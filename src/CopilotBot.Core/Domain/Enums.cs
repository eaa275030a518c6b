namespace CopilotBot.Core.Domain;

/// <summary>What a user may ask and see; see DATA-FORMAT.md, users.csv.</summary>
public enum UserRole { Csm, Sales, Manager, Admin }

/// <summary>Commercial segment of an account.</summary>
public enum Segment { Enterprise, MidMarket, Smb }

/// <summary>The customer's stage in the technology adoption life cycle.</summary>
public enum AdoptionStage { EarlyMarket, Chasm, Tornado, MainStreet }

/// <summary>A contact's role in the buying and success relationship.</summary>
public enum ContactRole { ExecutiveSponsor, Champion, EconomicBuyer, TechnicalBuyer, EndUser, Detractor }

/// <summary>How a contact feels about the vendor.</summary>
public enum Sentiment { Positive, Neutral, Negative }

/// <summary>Whether a contact is still at the customer.</summary>
public enum ContactStatus { Active, Left }

/// <summary>Support ticket priority, P1 most urgent.</summary>
public enum TicketPriority { P1, P2, P3, P4 }

/// <summary>What a support ticket is about.</summary>
public enum TicketCategory { Bug, Outage, HowTo, FeatureRequest, Billing, Other }

/// <summary>Lifecycle state of a support ticket.</summary>
public enum TicketStatus { Open, Pending, Closed }

/// <summary>Survey kind: NPS (0-10) or CSAT (1-5).</summary>
public enum SurveyType { Nps, Csat }

/// <summary>Kind of entry on the account timeline.</summary>
public enum InteractionType { Call, Meeting, Email, Qbr, Escalation, Note }

/// <summary>Progress of a success-plan outcome.</summary>
public enum OutcomeStatus { OnTrack, AtRisk, Achieved, Missed }
