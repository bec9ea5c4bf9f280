using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>
/// A request read off the wire with the model's constraint violations. Handlers add the checks the
/// model cannot express, then report everything at once (AWS lists every violation, not the first).
/// </summary>
internal sealed class ParsedRequest<T>(T value, ConstraintViolations violations)
{
    public T Value { get; } = value;

    public void Violate(string clause) => violations.Add(clause);

    public T OrThrow() => violations.IsEmpty ? Value : throw AppFlowException.Validation(violations);
}
