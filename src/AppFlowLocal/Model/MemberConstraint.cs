using System.Text.Json;

namespace AppFlowLocal.Model;

/// <summary>
/// A constraint the server adds to one member of an operation's input beyond the API model's (a Lambda function ARN
/// where the model accepts any ARN). The validator checks it right after the member's own constraints, so its clause
/// takes the member's place in the message, as AWS lists clauses in member order.
/// </summary>
/// <param name="Path">The member's dotted path from the input's top, as clauses name it.</param>
/// <param name="Violation">The clause for a present, well-typed value that breaks the constraint, else null.</param>
internal sealed record MemberConstraint(string Path, Func<JsonElement, string, string?> Violation);
