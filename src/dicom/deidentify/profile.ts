/**
 * The attributes this de-identifier acts upon by name: a subset of DICOM PS3.15 Table E.1-1
 * (Application Level Confidentiality Profile Attributes), Basic Profile column, with the column of the
 * Retain Longitudinal Temporal Information with Modified Dates Option where it differs (dates: C).
 *
 * This is NOT the whole table. Rows encoded: the patient, visit and study identification attributes,
 * names of people, institution and equipment identity, request and procedure step identifiers, comments,
 * clinical-trial identifiers, the instance/series/study/frame-of-reference UIDs and the UIDs that
 * reference them (SR and SEG references included), digital signatures and original-attribute
 * sequences, and the dates of these modules. Everything the table does not list is handled by rule,
 * conservatively, at every nesting depth (./deidentify.ts, `ruleFor`):
 * - private groups (odd group numbers), curves (50xx) and overlays (60xx): removed;
 * - any other attribute of the Patient (0010), Study (0032) or Visit (0038) groups: removed;
 * - any PN (person name): emptied; any UI not listed as kept: replaced (U); any DA or DT: shifted;
 * - a standard attribute written as UN (undeclared VR): acted upon by its dictionary VR; any other UN
 *   value is removed, since what it holds cannot be told;
 * - everything else: kept (descriptive, geometric and acquisition attributes, pixel data).
 *
 * Where the table offers a choice (X/Z, X/Z/D, Z/D…, chosen by the attribute's type in the IOD),
 * this table takes the choice that keeps a Type 2 attribute present: Z (empty) rather than X, and D
 * (a dummy value) where the attribute is Type 1 in an IOD Nadir meets (the SR observer names, the
 * device serial number of the Enhanced General Equipment module of a SEG).
 */

/** PS3.15 E.1.1 action codes. */
export type ActionCode =
  /** replace with a non-zero-length dummy value */
  | 'D'
  /** replace with a zero-length value (or, for a Type 1 attribute that must not be empty, a dummy) */
  | 'Z'
  /** remove */
  | 'X'
  /** keep */
  | 'K'
  /** clean: here, dates shifted by the patient's offset (Modified Dates option); sequences cleaned item by item */
  | 'C'
  /** replace the UID by another, consistently within the run */
  | 'U';

export interface ProfileRow {
  keyword: string;
  action: ActionCode;
}

/** Keyed by the tag as 8 upper-case hex digits, group then element. */
export const PROFILE: Readonly<Record<string, ProfileRow>> = {
  // ---- file meta information
  '00020002': { keyword: 'MediaStorageSOPClassUID', action: 'K' },
  '00020003': { keyword: 'MediaStorageSOPInstanceUID', action: 'U' },
  '00020010': { keyword: 'TransferSyntaxUID', action: 'K' },
  '00020012': { keyword: 'ImplementationClassUID', action: 'K' },
  '00020016': { keyword: 'SourceApplicationEntityTitle', action: 'X' },
  '00020017': { keyword: 'SendingApplicationEntityTitle', action: 'X' },
  '00020018': { keyword: 'ReceivingApplicationEntityTitle', action: 'X' },
  // ---- SOP common, general study and series
  '00080012': { keyword: 'InstanceCreationDate', action: 'C' },
  '00080014': { keyword: 'InstanceCreatorUID', action: 'U' },
  '00080015': { keyword: 'InstanceCoercionDateTime', action: 'C' },
  '00080016': { keyword: 'SOPClassUID', action: 'K' },
  '00080018': { keyword: 'SOPInstanceUID', action: 'U' },
  '0008001A': { keyword: 'RelatedGeneralSOPClassUID', action: 'K' },
  '0008001B': { keyword: 'OriginalSpecializedSOPClassUID', action: 'K' },
  '00080020': { keyword: 'StudyDate', action: 'C' },
  '00080021': { keyword: 'SeriesDate', action: 'C' },
  '00080022': { keyword: 'AcquisitionDate', action: 'C' },
  '00080023': { keyword: 'ContentDate', action: 'C' },
  '00080024': { keyword: 'OverlayDate', action: 'C' },
  '00080025': { keyword: 'CurveDate', action: 'C' },
  '0008002A': { keyword: 'AcquisitionDateTime', action: 'C' },
  '00080050': { keyword: 'AccessionNumber', action: 'Z' },
  '00080058': { keyword: 'FailedSOPInstanceUIDList', action: 'U' },
  '00080080': { keyword: 'InstitutionName', action: 'X' },
  '00080081': { keyword: 'InstitutionAddress', action: 'X' },
  '00080082': { keyword: 'InstitutionCodeSequence', action: 'X' },
  '00080090': { keyword: 'ReferringPhysicianName', action: 'Z' },
  '00080092': { keyword: 'ReferringPhysicianAddress', action: 'X' },
  '00080094': { keyword: 'ReferringPhysicianTelephoneNumbers', action: 'X' },
  '00080096': { keyword: 'ReferringPhysicianIdentificationSequence', action: 'X' },
  '00080106': { keyword: 'ContextGroupVersion', action: 'K' },
  '00080107': { keyword: 'ContextGroupLocalVersion', action: 'K' },
  '0008010C': { keyword: 'CodingSchemeUID', action: 'K' },
  '0008010D': { keyword: 'ContextGroupExtensionCreatorUID', action: 'K' },
  '00080117': { keyword: 'ContextUID', action: 'K' },
  '00080118': { keyword: 'MappingResourceUID', action: 'K' },
  '00080201': { keyword: 'TimezoneOffsetFromUTC', action: 'X' },
  '00081010': { keyword: 'StationName', action: 'X' },
  '00081030': { keyword: 'StudyDescription', action: 'X' },
  '0008103E': { keyword: 'SeriesDescription', action: 'X' },
  '00081040': { keyword: 'InstitutionalDepartmentName', action: 'X' },
  '00081048': { keyword: 'PhysiciansOfRecord', action: 'X' },
  '00081049': { keyword: 'PhysiciansOfRecordIdentificationSequence', action: 'X' },
  '00081050': { keyword: 'PerformingPhysicianName', action: 'X' },
  '00081052': { keyword: 'PerformingPhysicianIdentificationSequence', action: 'X' },
  '00081060': { keyword: 'NameOfPhysiciansReadingStudy', action: 'X' },
  '00081062': { keyword: 'PhysiciansReadingStudyIdentificationSequence', action: 'X' },
  '00081070': { keyword: 'OperatorsName', action: 'X' },
  '00081072': { keyword: 'OperatorIdentificationSequence', action: 'X' },
  '00081080': { keyword: 'AdmittingDiagnosesDescription', action: 'X' },
  '00081084': { keyword: 'AdmittingDiagnosesCodeSequence', action: 'X' },
  '00081110': { keyword: 'ReferencedStudySequence', action: 'X' },
  '00081111': { keyword: 'ReferencedPerformedProcedureStepSequence', action: 'Z' },
  '00081120': { keyword: 'ReferencedPatientSequence', action: 'X' },
  '00081150': { keyword: 'ReferencedSOPClassUID', action: 'K' },
  '00081155': { keyword: 'ReferencedSOPInstanceUID', action: 'U' },
  '00081195': { keyword: 'TransactionUID', action: 'U' },
  '00082111': { keyword: 'DerivationDescription', action: 'X' },
  '00083010': { keyword: 'IrradiationEventUID', action: 'U' },
  '00084000': { keyword: 'IdentifyingComments', action: 'X' },
  // ---- patient (every other 0010 attribute is removed by rule)
  '00100010': { keyword: 'PatientName', action: 'D' },
  '00100020': { keyword: 'PatientID', action: 'D' },
  '00100021': { keyword: 'IssuerOfPatientID', action: 'X' },
  '00100030': { keyword: 'PatientBirthDate', action: 'Z' },
  '00100032': { keyword: 'PatientBirthTime', action: 'X' },
  '00100040': { keyword: 'PatientSex', action: 'Z' },
  '00101000': { keyword: 'OtherPatientIDs', action: 'X' },
  '00101001': { keyword: 'OtherPatientNames', action: 'X' },
  '00101002': { keyword: 'OtherPatientIDsSequence', action: 'X' },
  '00101010': { keyword: 'PatientAge', action: 'X' },
  '00101020': { keyword: 'PatientSize', action: 'X' },
  '00101030': { keyword: 'PatientWeight', action: 'X' },
  '00101040': { keyword: 'PatientAddress', action: 'X' },
  '00102154': { keyword: 'PatientTelephoneNumbers', action: 'X' },
  '00104000': { keyword: 'PatientComments', action: 'X' },
  // ---- clinical trial and de-identification
  '00120010': { keyword: 'ClinicalTrialSponsorName', action: 'D' },
  '00120020': { keyword: 'ClinicalTrialProtocolID', action: 'D' },
  '00120021': { keyword: 'ClinicalTrialProtocolName', action: 'Z' },
  '00120030': { keyword: 'ClinicalTrialSiteID', action: 'Z' },
  '00120031': { keyword: 'ClinicalTrialSiteName', action: 'Z' },
  '00120040': { keyword: 'ClinicalTrialSubjectID', action: 'D' },
  '00120042': { keyword: 'ClinicalTrialSubjectReadingID', action: 'D' },
  '00120050': { keyword: 'ClinicalTrialTimePointID', action: 'Z' },
  '00120051': { keyword: 'ClinicalTrialTimePointDescription', action: 'X' },
  '00120060': { keyword: 'ClinicalTrialCoordinatingCenterName', action: 'Z' },
  '00120071': { keyword: 'ClinicalTrialSeriesID', action: 'X' },
  '00120072': { keyword: 'ClinicalTrialSeriesDescription', action: 'X' },
  '00120081': { keyword: 'ClinicalTrialProtocolEthicsCommitteeName', action: 'D' },
  '00120082': { keyword: 'ClinicalTrialProtocolEthicsCommitteeApprovalNumber', action: 'X' },
  // ---- equipment and acquisition identity
  '00181000': { keyword: 'DeviceSerialNumber', action: 'D' },
  '00181002': { keyword: 'DeviceUID', action: 'U' },
  '00181004': { keyword: 'PlateID', action: 'X' },
  '00181005': { keyword: 'GeneratorID', action: 'X' },
  '00181007': { keyword: 'CassetteID', action: 'X' },
  '00181008': { keyword: 'GantryID', action: 'X' },
  '00181030': { keyword: 'ProtocolName', action: 'Z' },
  '00181200': { keyword: 'DateOfLastCalibration', action: 'X' },
  '00181202': { keyword: 'DateTimeOfLastCalibration', action: 'X' },
  '00181400': { keyword: 'AcquisitionDeviceProcessingDescription', action: 'Z' },
  '00184000': { keyword: 'AcquisitionComments', action: 'X' },
  '0018700A': { keyword: 'DetectorID', action: 'Z' },
  '00189424': { keyword: 'AcquisitionProtocolDescription', action: 'X' },
  '0018A002': { keyword: 'ContributionDateTime', action: 'C' },
  '0018A003': { keyword: 'ContributionDescription', action: 'X' },
  // ---- relationship and frame of reference
  '0020000D': { keyword: 'StudyInstanceUID', action: 'U' },
  '0020000E': { keyword: 'SeriesInstanceUID', action: 'U' },
  '00200010': { keyword: 'StudyID', action: 'Z' },
  '00200052': { keyword: 'FrameOfReferenceUID', action: 'U' },
  '00200200': { keyword: 'SynchronizationFrameOfReferenceUID', action: 'U' },
  '00203401': { keyword: 'ModifyingDeviceID', action: 'X' },
  '00203406': { keyword: 'ModifiedImageDescription', action: 'X' },
  '00204000': { keyword: 'ImageComments', action: 'X' },
  '00209158': { keyword: 'FrameComments', action: 'X' },
  '00209161': { keyword: 'ConcatenationUID', action: 'U' },
  '00209164': { keyword: 'DimensionOrganizationUID', action: 'U' },
  '00281199': { keyword: 'PaletteColorLookupTableUID', action: 'U' },
  // ---- study, visit (every other 0032 and 0038 attribute is removed by rule)
  '00321032': { keyword: 'RequestingPhysician', action: 'X' },
  '00324000': { keyword: 'StudyComments', action: 'X' },
  '00380010': { keyword: 'AdmissionID', action: 'X' },
  // ---- procedure steps and requests
  '00400001': { keyword: 'ScheduledStationAETitle', action: 'X' },
  '00400006': { keyword: 'ScheduledPerformingPhysicianName', action: 'X' },
  '00400007': { keyword: 'ScheduledProcedureStepDescription', action: 'X' },
  '00400009': { keyword: 'ScheduledProcedureStepID', action: 'X' },
  '00400010': { keyword: 'ScheduledStationName', action: 'X' },
  '00400011': { keyword: 'ScheduledProcedureStepLocation', action: 'X' },
  '00400241': { keyword: 'PerformedStationAETitle', action: 'X' },
  '00400242': { keyword: 'PerformedStationName', action: 'X' },
  '00400243': { keyword: 'PerformedLocation', action: 'X' },
  '00400244': { keyword: 'PerformedProcedureStepStartDate', action: 'C' },
  '00400250': { keyword: 'PerformedProcedureStepEndDate', action: 'C' },
  '00400253': { keyword: 'PerformedProcedureStepID', action: 'X' },
  '00400254': { keyword: 'PerformedProcedureStepDescription', action: 'X' },
  '00400275': { keyword: 'RequestAttributesSequence', action: 'X' },
  '00400280': { keyword: 'CommentsOnThePerformedProcedureStep', action: 'X' },
  '00400400': { keyword: 'CommentsOnTheScheduledProcedureStep', action: 'X' },
  // X in the table, but Type 2 in the SR's Referenced Request Sequence: emptied instead of removed
  '00401001': { keyword: 'RequestedProcedureID', action: 'Z' },
  '00401400': { keyword: 'RequestedProcedureComments', action: 'X' },
  '00402001': { keyword: 'ReasonForTheImagingServiceRequest', action: 'X' },
  '00402008': { keyword: 'OrderEnteredBy', action: 'X' },
  '00402010': { keyword: 'OrderCallbackPhoneNumber', action: 'X' },
  '00402016': { keyword: 'PlacerOrderNumberImagingServiceRequest', action: 'Z' },
  '00402017': { keyword: 'FillerOrderNumberImagingServiceRequest', action: 'Z' },
  '00402400': { keyword: 'ImagingServiceRequestComments', action: 'X' },
  '00403001': { keyword: 'ConfidentialityConstraintOnPatientDataDescription', action: 'X' },
  // ---- structured reports: observers, content and its references
  '0040A027': { keyword: 'VerifyingOrganization', action: 'D' },
  '0040A030': { keyword: 'VerificationDateTime', action: 'C' },
  '0040A032': { keyword: 'ObservationDateTime', action: 'C' },
  '0040A073': { keyword: 'VerifyingObserverSequence', action: 'C' },
  '0040A075': { keyword: 'VerifyingObserverName', action: 'D' },
  '0040A078': { keyword: 'AuthorObserverSequence', action: 'X' },
  '0040A07A': { keyword: 'ParticipantSequence', action: 'X' },
  '0040A07C': { keyword: 'CustodialOrganizationSequence', action: 'X' },
  '0040A088': { keyword: 'VerifyingObserverIdentificationCodeSequence', action: 'Z' },
  '0040A120': { keyword: 'DateTime', action: 'C' },
  '0040A121': { keyword: 'Date', action: 'C' },
  '0040A123': { keyword: 'PersonName', action: 'D' },
  '0040A124': { keyword: 'UID', action: 'U' },
  '0040A171': { keyword: 'ObservationUID', action: 'U' },
  // X in the Basic Profile; kept and cleaned item by item because a teaching case needs its read (README, Limits).
  // TEXT items are not reviewed, so the Clean Structured Content option (113104) is not claimed.
  '0040A730': { keyword: 'ContentSequence', action: 'C' },
  '0040DB0C': { keyword: 'TemplateExtensionOrganizationUID', action: 'U' },
  '0040DB0D': { keyword: 'TemplateExtensionCreatorUID', action: 'U' },
  '00620021': { keyword: 'TrackingUID', action: 'U' },
  '0070031A': { keyword: 'FiducialUID', action: 'U' },
  '00880140': { keyword: 'StorageMediaFileSetUID', action: 'U' },
  '30060024': { keyword: 'ReferencedFrameOfReferenceUID', action: 'U' },
  '300600C2': { keyword: 'RelatedFrameOfReferenceUID', action: 'U' },
  // ---- signatures and the history of changed attributes (they would carry the originals)
  '04000100': { keyword: 'DigitalSignatureUID', action: 'X' },
  '04000402': { keyword: 'ReferencedDigitalSignatureSequence', action: 'X' },
  '04000403': { keyword: 'ReferencedSOPInstanceMACSequence', action: 'X' },
  '04000550': { keyword: 'ModifiedAttributesSequence', action: 'X' },
  '04000561': { keyword: 'OriginalAttributesSequence', action: 'X' },
  '4FFE0001': { keyword: 'MACParametersSequence', action: 'X' },
  FFFAFFFA: { keyword: 'DigitalSignaturesSequence', action: 'X' },
};

/** Groups whose attributes not listed above are all removed: Patient (0010), Study (0032), Visit (0038). */
export const IDENTIFYING_GROUPS: ReadonlySet<number> = new Set([0x0010, 0x0032, 0x0038]);

/** DICOM codes (PS3.16 CID 7050) written in De-identification Method Code Sequence. */
export const METHOD_CODES = [
  { value: '113100', meaning: 'Basic Application Confidentiality Profile' },
  { value: '113107', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
] as const;

/** (0012,0063) is LO: at most 64 characters. */
export const METHOD_TEXT = 'Nadir: PS3.15 Basic Profile, Modified Dates option';
