/** @module 422 BUSINESS_RULE_VIOLATION: valid input that the domain refuses. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 422 BUSINESS_RULE_VIOLATION: valid input that the domain refuses. */
export class BusinessRuleError extends AppError {
  override name = 'BusinessRuleError'
  constructor(message = 'The request breaks a business rule', options: AppErrorOptions = {}) {
    super(422, 'BUSINESS_RULE_VIOLATION', message, options)
  }
}
