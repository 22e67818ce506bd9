"""Typed model of one exam session, split by job.

- types: the value types of the data files (identifiers, texts, dates, clock times)
- schema: one record class per data file, and the file -> session attribute table (SESSION_FILES)
- forms: the circular's forms (annexes) and their fillable places
- form_walk: one walk over a form that every form writer implements (PDF, ODT, DOCX, HTML page);
  imported from its module (handbook.model.form_walk)
- session: the Session aggregate and the views that pages, downloads and checks read
"""

from .types import (
    Slug, Text, Title, DepartmentCode, Count, ClockTime, Date, Record, Hint, Url, Email, EmailAddress, Phone, PhoneNumber,
    leaves,
)
from .schema import (
    NationalCircular, Signatory, ToConfirm, SessionInfo, Contact, ContactsFile, ExamChoice, Exam, ExamsFile,
    WrittenSitting, Period, OralSession, CalendarFile, Operation, OperationsFile, CONVOCATIONS, DossierRequirement, Deposit,
    Conformity, DossiersFile, ExitBan, CalculatorRules, WrittenRules, OralRules, RulesFile, LivretsFile,
    InternshipsFile, Results, Diplomas, ResultsFile, ArchivingFile, NewsItem, NewsFile, Annex, AnnexesFile,
    Establishment, EstablishmentsFile, Centre, Origin, WrittenCentre, CentresFile, Audience, AUDIENCES,
    Correction, CorrectionsFile, SESSION_FILES,
    LoggedChange, ChangeLogEntry, ChangeLogFile, OPTIONAL_SESSION_FILES,
)
from .forms import (
    FormOption, TextInput, DateInput, ChoiceInput, TableColumn, TableInput, Statement, InlineItem, FormRow,
    FormItem, FORM_ITEM_KINDS, FormSection, FormSheet, FormNote, FormInputView, FormFile, DATE_HINT,
    FORM_INPUTS, FormHeader, FORM_HEADERS, inputs_of, caption,
)
from .pages import PAGE_FOLDERS, entity_page, page_url
from .session import (
    WrittenExam, OralExam, Placement, WrittenCentreView, written_key_date_id, oral_key_date_id,
    DataPlace, KeyDate, Session, CorrectedText, CENTRES_DRAWN_AT_MOST,
)

# Every name above is the model's public API (`from handbook.model import Session`).
__all__ = [
    'Slug', 'Text', 'Title', 'Hint', 'Url', 'Email', 'EmailAddress', 'Phone', 'PhoneNumber', 'DepartmentCode', 'Count', 'ClockTime', 'Date', 'Record',
    'leaves',
    'NationalCircular', 'Signatory',
    'ToConfirm', 'SessionInfo', 'Contact', 'ContactsFile', 'ExamChoice', 'Exam', 'ExamsFile', 'WrittenSitting', 'Period',
    'OralSession', 'CalendarFile', 'Operation', 'OperationsFile', 'CONVOCATIONS', 'DossierRequirement', 'Deposit',
    'Conformity', 'DossiersFile', 'ExitBan', 'CalculatorRules', 'WrittenRules', 'OralRules', 'RulesFile',
    'LivretsFile', 'InternshipsFile', 'Results', 'Diplomas', 'ResultsFile', 'ArchivingFile', 'NewsItem',
    'NewsFile', 'Annex', 'AnnexesFile', 'Establishment', 'EstablishmentsFile', 'Centre', 'Origin',
    'WrittenCentre', 'CentresFile', 'Audience', 'AUDIENCES', 'Correction', 'CorrectionsFile', 'SESSION_FILES',
    'LoggedChange', 'ChangeLogEntry', 'ChangeLogFile', 'OPTIONAL_SESSION_FILES',
    'FormOption', 'TextInput', 'DateInput', 'ChoiceInput',
    'TableColumn', 'TableInput', 'Statement', 'InlineItem', 'FormRow', 'FormItem', 'FORM_ITEM_KINDS',
    'FormSection', 'FormSheet', 'FormNote', 'FormInputView', 'FormFile', 'DATE_HINT', 'FORM_INPUTS',
    'FormHeader', 'FORM_HEADERS', 'inputs_of', 'caption', 'PAGE_FOLDERS', 'entity_page', 'WrittenExam',
    'OralExam', 'Placement', 'WrittenCentreView', 'page_url', 'written_key_date_id', 'oral_key_date_id',
    'DataPlace', 'KeyDate', 'Session', 'CorrectedText', 'CENTRES_DRAWN_AT_MOST',
]
