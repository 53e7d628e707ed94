/// A test on the facts that a rule requires to hold; data only, never code.
///
/// Coded as one mapping (this is what the YAML service definitions contain):
///
/// ```yaml
/// { field: account.level, op: ge, value: 2 }                          # compare: eq ne lt le gt ge, value a scalar or list
/// { field: form.newEthnicity, op: eq, otherField: father.ethnicity }  # compareFields
/// { field: applicant.status, op: in, values: [active, moved-out] }    # member: in notIn
/// { field: form.newEthnicity, op: in, otherFields: [father.ethnicity, mother.ethnicity] }  # memberOfFields
/// { field: form.newName, op: exists }                                 # exists
/// { field: agency.record, op: missing }                               # missing
/// { age: applicant.birthDate, at: today, op: ge, years: 18 }          # age; at: today, or a date fact's path
/// { all: [ ... ] }                                                    # every condition holds
/// { any: [ ... ] }                                                    # at least one holds
/// { not: { ... } }                                                    # the condition does not hold
/// ```
///
/// A `field` mapping takes exactly one of `value`, `otherField` (with eq … ge), `values`, `otherFields` (with in,
/// notIn) or none (with exists, missing); `all`, `any` and `not` take no other key. Unknown keys, unknown ops and
/// wrong combinations are decoding errors that say what is wrong. Values follow `FactValue`: a string that is exactly
/// `YYYY-MM-DD` is a date, and codes that look like numbers must be quoted (`value: "01"`).
///
/// Equality works on any two values of the same kind, order (lt, le, gt, ge) on numbers and dates only. A
/// comparison between different kinds never holds, for `ne` and `notIn` too: it is a failure, reported as a mismatch.
public indirect enum Condition: Hashable, Codable, Sendable {
    /// The fact at `field` compared with a literal value.
    case compare(field: String, op: CompareOp, value: FactValue)
    /// The fact at `field` compared with the fact at `other`.
    case compareFields(field: String, op: CompareOp, other: String)
    /// The fact at `field` is (`in`) or is not (`notIn`) equal to one of `values`.
    case member(field: String, op: MemberOp, values: [FactValue])
    /// The fact at `field` is (`in`) or is not (`notIn`) equal to one of the facts at `others`.
    case memberOfFields(field: String, op: MemberOp, others: [String])
    /// The fact at `field` is known.
    case exists(field: String)
    /// The fact at `field` is not known.
    case missing(field: String)
    /// The age in full years of the date fact at `field`, taken at `at`, compared with `years`.
    case age(field: String, at: DateRef, op: CompareOp, years: Int)
    /// Every condition holds (true when empty).
    case all([Condition])
    /// At least one condition holds (false when empty).
    case any([Condition])
    /// The condition does not hold.
    case not(Condition)
}
