"""The database model, one module per aggregate."""
from emulation.models.audit import AuditEvent
from emulation.models.bloc import Bloc, Collective, Person, PersonNameWord, Unit
from emulation.models.council import CouncilBallot, CouncilMember, CouncilSession
from emulation.models.data_version import DataVersion
from emulation.models.evidence import EvidenceFile
from emulation.models.history import Award, CollectiveFact, PersonFact, Registration, Title
from emulation.models.record import Decision, LeavePeriod, Placement
from emulation.models.result_cache import ResultCacheEntry
from emulation.models.sign_in import SignInFailure, UserSession
from emulation.models.snapshot import ResultSnapshot, ResultSnapshotPart
from emulation.models.user import ROLES, User
from emulation.models.year import EmulationYear, PanelScore, ScoreLine, ScoreSheet, SignedCriterion, YearDeadlines

__all__ = ["Bloc", "Unit", "Collective", "Person", "PersonNameWord", "Title", "Registration", "PersonFact",
           "CollectiveFact", "Award", "Decision", "LeavePeriod", "Placement", "CouncilSession", "CouncilMember",
           "CouncilBallot", "User", "ROLES", "EmulationYear", "YearDeadlines", "SignedCriterion", "ScoreSheet",
           "ScoreLine", "PanelScore", "AuditEvent", "EvidenceFile", "ResultSnapshot", "ResultSnapshotPart",
           "ResultCacheEntry", "DataVersion", "SignInFailure", "UserSession"]
