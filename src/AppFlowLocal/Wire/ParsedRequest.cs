using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>
/// A request read off the wire with the model's constraint violations. Handlers add the checks the
/// model cannot express, then report everything at once (AWS lists every violation, not the first).
/// </summary>
internal sealed class ParsedRequest<T>(T value, StructureShape shape, ConstraintViolations violations)
{
    public T Value { get; } = value;

    /// <summary>Adds a clause (<see cref="ConstraintValidator.Clause"/>) in its member's place among the others, as AWS orders them.</summary>
    public void Violate(string clause)
    {
        if (MemberOrder.PathOf(clause) is not { } path)
        {
            violations.Add(clause);
            return;
        }

        var key = MemberOrder.Key(shape, path);
        violations.Insert(clause, other => MemberOrder.PathOf(other) is { } otherPath && MemberOrder.After(MemberOrder.Key(shape, otherPath), key));
    }

    public T OrThrow() => violations.IsEmpty ? Value : throw AppFlowException.Validation(violations);
}
