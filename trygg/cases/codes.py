"""Stored codes for cases, from HTCDS 2.0 where it has them (value names, never labels).

Labels are translated; the codes stay stable in the database, the API and exports.
Local codes (not in HTCDS) are marked as such and mapped to CTDC on export.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Inter-agency case management steps."""

    IDENTIFICATION = "identification", _("Identification and registration")
    ASSESSMENT = "assessment", _("Assessment")
    CASE_PLANNING = "case_planning", _("Case planning")
    IMPLEMENTATION = "implementation", _("Implementation")
    FOLLOW_UP = "follow_up", _("Follow-up and review")
    CLOSURE = "closure", _("Closure")


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed and referred")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ClosureReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Case plan goals achieved")
    REUNIFIED = "reunified", _("Reunified with family and stable")
    TRANSFERRED = "transferred", _("Transferred to another country")
    REFERRED = "referred", _("Referred to another organisation")
    REACHED_ADULTHOOD = "reached_adulthood", _("Child reached adulthood")
    CHILD_DIED = "child_died", _("Child died")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    NOT_A_PROTECTION_CASE = "not_a_protection_case", _("Not a protection case after assessment")
    DUPLICATE = "duplicate", _("Duplicate record")


class TraffickingStatus(models.TextChoices):
    """HTCDS vic_TraffickingStatus."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Actual victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecisionMakingOrg(models.TextChoices):
    """HTCDS vic_TraffickingStatusDecisionMakingOrg."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("Non-governmental organisation")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOVERNMENTAL = "NonPoliceGovernmentalOrganization", _("Non-police governmental organisation")
    OTHER = "Other", _("Other")


class ExploitationType(models.TextChoices):
    """HTCDS vic_TypeOfExploitation, plus the local code ForcedCriminality (HTCDS has none)."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = (
        "ForcedMilitaryByNonStateActors",
        _("Child soldier (forced military by non-state actors)"),
    )
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    FORCED_CRIMINALITY = "ForcedCriminality", _("Forced criminality (local code)")
    OTHER = "Other", _("Other")


LOCAL_EXPLOITATION_CODES = {ExploitationType.FORCED_CRIMINALITY}
# CTDC columns for codes that need mapping on export (standards/README.md).
CTDC_MAPPING = {
    ExploitationType.FORCED_CRIMINALITY: "typeOfLabourIllicitActivities",
    ExploitationType.FORCED_MILITARY: "isForcedMilitary",
}


class SexExploitationType(models.TextChoices):
    """HTCDS vic_TypeOfSexExploitation (needs the sexual-exploitation permission)."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE_INTERACTIVE = "RemoteInteractiveServices", _("Remote interactive services")
    PRIVATE_SEXUAL_SERVICES = "PrivateSexualServices", _("Private sexual services")


class ForcedLabourIndustry(models.TextChoices):
    """HTCDS vic_ForcedLabourIndustry (ISIC sections)."""

    A = "A_AgricultureForestryAndFishing", _("Agriculture, forestry and fishing")
    B = "B_MiningAndQuarrying", _("Mining and quarrying")
    C = "C_Manufacturing", _("Manufacturing")
    D = "D_ElectricityGasSteamAndAirConditioningSupply", _("Electricity, gas, steam and air conditioning")
    E = "E_WaterSupplySewerageWasteManagement", _("Water supply, sewerage and waste management")
    F = "F_Construction", _("Construction")
    G = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("Wholesale and retail trade")
    H = "H_TransportationAndStorage", _("Transportation and storage")
    I = "I_AccommodationAndFoodServiceActivities", _("Accommodation and food services")  # noqa: E741
    J = "J_InformationAndCommunication", _("Information and communication")
    K = "K_FinancialAndInsuranceActivities", _("Financial and insurance activities")
    L = "L_RealEstateActivities", _("Real estate")
    M = (
        "M_ProfessionalScientificAndTechnicalActivities",
        _("Professional, scientific and technical activities"),
    )
    N = "N_AdministrativeAndSupportServiceActivities", _("Administrative and support services")
    O = "O_PublicAdministrationAndDefence", _("Public administration and defence")  # noqa: E741
    P = "P_Education", _("Education")
    Q = "Q_HumanHealthAndSocialWorkActivities", _("Human health and social work")
    R = "R_ArtsEntertainmentAndRecreation", _("Arts, entertainment and recreation")
    S = "S_OtherServiceActivities", _("Other service activities")
    T = "T_ActivitiesOfHouseholdsAsEmployers", _("Domestic work (households as employers)")
    U = "U_ActivitiesOfExtraterritorialOrganizations", _("Extraterritorial organisations")


class RecruitmentMethod(models.TextChoices):
    """How the child was recruited: the source document's circumstances (local codes) and HTCDS
    vic_MethodOfRecruitment channels."""

    ABDUCTED_FROM_STREET = "AbductedFromStreet", _("Abducted or kidnapped from the street (local code)")
    LURED_FALSE_PROMISE_FOOD = "LuredFalsePromiseFood", _("Lured with false promises of food (local code)")
    LURED_FALSE_PROMISE_MONEY = "LuredFalsePromiseMoney", _("Lured with false promises of money (local code)")
    LURED_FALSE_PROMISE_SAFETY = (
        "LuredFalsePromiseSafety",
        _("Lured with false promises of safety (local code)"),
    )
    SOLD_BY_FAMILY = "SoldByFamily", _("Sold by the family (local code)")
    WORKING_TO_HELP_FAMILY = "WorkingToHelpFamily", _("Working to help the family (local code)")
    AT_A_PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    AT_AN_EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERTISEMENT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TELEVISION_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY_OR_FAMILY_EVENTS = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS_OR_SOCIAL_EVENTS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", _("Other")


LOCAL_RECRUITMENT_CODES = {
    RecruitmentMethod.ABDUCTED_FROM_STREET,
    RecruitmentMethod.LURED_FALSE_PROMISE_FOOD,
    RecruitmentMethod.LURED_FALSE_PROMISE_MONEY,
    RecruitmentMethod.LURED_FALSE_PROMISE_SAFETY,
    RecruitmentMethod.SOLD_BY_FAMILY,
    RecruitmentMethod.WORKING_TO_HELP_FAMILY,
}


class ControlMethod(models.TextChoices):
    """HTCDS vic_MethodsOfControl."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_CHILDREN_FAMILY = "ThreatensChildrenFamily", _("Threats against children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class RelationshipToTrafficker(models.TextChoices):
    """HTCDS vic_RelationshipToTrafficker."""

    FAMILIAL = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance")
    UNACQUAINTED = "Unaquainted", _("Stranger")  # HTCDS spells the value name this way


class TraffickingEventType(models.TextChoices):
    """HTCDS hte_Type."""

    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class SupportType(models.TextChoices):
    """HTCDS spl_Type (support-plan types)."""

    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_EXPLOITATION_REHABILITATION = (
        "LabourExploitationRehabilitation",
        _("Rehabilitation after labour exploitation"),
    )
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_BASED_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_EXPLOITATION_REHABILITATION = (
        "SexualExploitationRehabilitation",
        _("Rehabilitation after sexual exploitation"),
    )
    SOCIAL_CARE = "SocialCare", _("Social care")


class OrganisationType(models.TextChoices):
    """HTCDS org_Type, for referrals to outside organisations."""

    NGO = "NGO", _("NGO")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    HEALTH_SERVICE = "HealthServiceOrganisation", _("Health service organisation")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government organisation")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government organisation")
    IMMIGRATION = "ImmigrationService", _("Immigration service")
    LEGAL = "LegalService", _("Legal service")
    CORPORATE = "CorporateBusiness", _("Corporate business")
    SCHOOL = "SchoolOrCollege", _("School or college")


class ScreeningDimension(models.TextChoices):
    """ILO/EC operational indicators of trafficking: the six dimensions."""

    DECEPTIVE_RECRUITMENT = "deceptive_recruitment", _("Deceptive recruitment")
    COERCIVE_RECRUITMENT = "coercive_recruitment", _("Coercive recruitment")
    RECRUITMENT_ABUSE_OF_VULNERABILITY = (
        "recruitment_abuse_of_vulnerability",
        _("Recruitment by abuse of vulnerability"),
    )
    EXPLOITATIVE_CONDITIONS = "exploitative_conditions", _("Exploitative conditions of work")
    COERCION_AT_DESTINATION = "coercion_at_destination", _("Coercion at destination")
    ABUSE_OF_VULNERABILITY_AT_DESTINATION = (
        "abuse_of_vulnerability_at_destination",
        _("Abuse of vulnerability at destination"),
    )


RECRUITMENT_DIMENSIONS = {
    ScreeningDimension.DECEPTIVE_RECRUITMENT,
    ScreeningDimension.COERCIVE_RECRUITMENT,
    ScreeningDimension.RECRUITMENT_ABUSE_OF_VULNERABILITY,
}
EXPLOITATION_DIMENSIONS = {ScreeningDimension.EXPLOITATIVE_CONDITIONS}
MEANS_DIMENSIONS = {
    ScreeningDimension.COERCION_AT_DESTINATION,
    ScreeningDimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
}


class IndicatorStrength(models.TextChoices):
    STRONG = "strong", _("Strong")
    MEDIUM = "medium", _("Medium")
    WEAK = "weak", _("Weak")


class TraffickingAct(models.TextChoices):
    """The "act" element of trafficking (Palermo Protocol, art. 3(a)), recorded by a screening."""

    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSPORTATION = "transportation", _("Transportation")
    TRANSFER = "transfer", _("Transfer")
    HARBOURING = "harbouring", _("Harbouring")
    RECEIPT = "receipt", _("Receipt")


class ScreeningAnswerValue(models.TextChoices):
    """The answer to one screening indicator."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class ScreeningOutcome(models.TextChoices):
    """What a screening found (see services/screening_rule.py for how it is reached)."""

    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim of trafficking")
    INDICATORS_PRESENT = "indicators_present", _("Indicators of trafficking present")
    NO_INDICATION = "no_indication", _("No indication of trafficking")
