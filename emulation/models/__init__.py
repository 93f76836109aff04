"""The database model, one module per aggregate."""
from .audit import AuditEvent
from .bloc import Bloc, Collective, Person, Unit
from .history import Award, CollectiveFact, PersonFact, Registration, Title
from .sign_in import SignInFailure, UserSession
from .snapshot import ResultSnapshot, ResultSnapshotPart
from .user import ROLES, User
from .year import EmulationYear, ScoreLine, ScoreSheet, SignedCriterion

__all__ = ["Bloc", "Unit", "Collective", "Person", "Title", "Registration", "PersonFact", "CollectiveFact",
           "Award", "User", "ROLES", "EmulationYear", "SignedCriterion", "ScoreSheet", "ScoreLine",
           "AuditEvent", "ResultSnapshot", "ResultSnapshotPart", "SignInFailure", "UserSession"]
