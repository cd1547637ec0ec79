export { defineContract, validateRecord, type DataContract, type RecordOf, type RecordResult, type RowError } from './contract.js';
export { formatOf, readRawRecords, type FileFormat, type RawRecord } from './record-reader.js';
export { createStorage, parseS3Url, writeFileAtomic, type S3Location, type Storage } from './storage.js';
export { formatReport, readValidated, validateFile, type ReadOptions, type ValidationReport } from './validate-file.js';
