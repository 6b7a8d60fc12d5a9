// Registers every resource's API strategy (defaulting, validation, allocation) and admission plugin.
import './namespaces.ts'
import './schemaCheck.ts'
