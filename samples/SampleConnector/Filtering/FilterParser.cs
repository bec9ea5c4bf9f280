using System.Globalization;
using System.Text.Json.Nodes;
using SampleConnector.Crm;

namespace SampleConnector.Filtering;

/// <summary>
/// Parses a QueryData filterExpression (AppFlow's custom-connector filter grammar,
/// CustomConnectorQueryFilterParser.g4 in the official Python SDK) against an entity's fields.
/// Precedence as in the grammar: NOT binds tighter than AND, AND tighter than OR. Each comparison names
/// a field on the left and a literal on the right; the field must exist and allow the operator (the
/// filterOperators DescribeEntity advertises), and the literal must fit its data type.
/// Null semantics: <c>= null</c> and <c>!= null</c> test for absence; any other comparison with an absent
/// value is false, except <c>!=</c> with a value, which is true (an absent value is not equal to it).
/// CONTAINS is a case-insensitive substring test. LIMIT takes any positive whole number.
/// </summary>
internal sealed class FilterParser
{
    private readonly List<FilterToken> tokens;
    private readonly CrmEntity entity;
    private int next;

    private FilterParser(List<FilterToken> tokens, CrmEntity entity)
    {
        this.tokens = tokens;
        this.entity = entity;
    }

    private FilterToken Current => tokens[next];

    /// <exception cref="FilterSyntaxException">The expression is not one the connector can apply.</exception>
    public static FilterQuery Parse(string? expression, CrmEntity entity)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return FilterQuery.All;
        }

        var parser = new FilterParser(FilterLexer.Tokenize(expression), entity);
        Func<JsonObject, bool> matches = _ => true;
        if (parser.Current.Kind != FilterTokenKind.Limit)
        {
            matches = parser.ParseOr();
        }

        int? limit = null;
        if (parser.Current.Kind == FilterTokenKind.Limit)
        {
            parser.next++;
            var count = parser.Expect(FilterTokenKind.Number, "a positive whole number after LIMIT");
            if (!int.TryParse(count.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new FilterSyntaxException($"LIMIT takes a positive whole number, not {count.Text} (position {count.Position})");
            }

            limit = value;
        }

        parser.Expect(FilterTokenKind.End, parser.Current.Kind == FilterTokenKind.RightParen ? "no ')' without a '(' before it" : "AND, OR, LIMIT or the end");
        return new FilterQuery(matches, limit);
    }

    private Func<JsonObject, bool> ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == FilterTokenKind.Or)
        {
            next++;
            var (first, second) = (left, ParseAnd());
            left = record => first(record) || second(record);
        }

        return left;
    }

    private Func<JsonObject, bool> ParseAnd()
    {
        var left = ParseUnary();
        while (Current.Kind == FilterTokenKind.And)
        {
            next++;
            var (first, second) = (left, ParseUnary());
            left = record => first(record) && second(record);
        }

        return left;
    }

    private Func<JsonObject, bool> ParseUnary()
    {
        if (Current.Kind == FilterTokenKind.Not)
        {
            next++;
            var operand = ParseUnary();
            return record => !operand(record);
        }

        if (Current.Kind == FilterTokenKind.LeftParen)
        {
            next++;
            var inner = ParseOr();
            Expect(FilterTokenKind.RightParen, "')'");
            return inner;
        }

        return ParseComparison();
    }

    private Func<JsonObject, bool> ParseComparison()
    {
        var name = Expect(FilterTokenKind.Identifier, "a field name");
        var field = entity.Field(name.Text)
            ?? throw new FilterSyntaxException($"{entity.Identifier} has no field '{name.Text}' (position {name.Position}); its fields are {string.Join(", ", entity.Fields.Select(f => f.Name))}");
        var op = Current;
        next++;
        switch (op.Kind)
        {
            case FilterTokenKind.Equal or FilterTokenKind.NotEqual:
                Allow(field, op, op.Kind == FilterTokenKind.Equal ? "EQUAL_TO" : "NOT_EQUAL_TO");
                var equal = op.Kind == FilterTokenKind.Equal;
                if (Current.Kind == FilterTokenKind.Null)
                {
                    next++;
                    return record => (Value(field, record) is null) == equal;
                }

                var literal = Literal(field);
                return record => Value(field, record) is { } value ? (Compare(value, literal) == 0) == equal : !equal;
            case FilterTokenKind.Greater or FilterTokenKind.GreaterOrEqual or FilterTokenKind.Less or FilterTokenKind.LessOrEqual:
                Allow(field, op, op.Kind switch
                {
                    FilterTokenKind.Greater => "GREATER_THAN",
                    FilterTokenKind.GreaterOrEqual => "GREATER_THAN_OR_EQUAL_TO",
                    FilterTokenKind.Less => "LESS_THAN",
                    _ => "LESS_THAN_OR_EQUAL_TO",
                });
                var bound = Literal(field);
                Func<int, bool> holds = op.Kind switch
                {
                    FilterTokenKind.Greater => order => order > 0,
                    FilterTokenKind.GreaterOrEqual => order => order >= 0,
                    FilterTokenKind.Less => order => order < 0,
                    _ => order => order <= 0,
                };
                return record => Value(field, record) is { } value && holds(Compare(value, bound));
            case FilterTokenKind.Contains:
                Allow(field, op, "CONTAINS");
                var part = Literal(field) as string
                    ?? throw new FilterSyntaxException($"CONTAINS on {field.Name} takes a string (position {op.Position})");
                return record => Value(field, record) is string text && text.Contains(part, StringComparison.OrdinalIgnoreCase);
            case FilterTokenKind.Between:
                Allow(field, op, "BETWEEN");
                var low = Literal(field);
                Expect(FilterTokenKind.And, "AND between the two bounds of BETWEEN");
                var high = Literal(field);
                return record => Value(field, record) is { } value && Compare(value, low) >= 0 && Compare(value, high) <= 0;
            case FilterTokenKind.In:
                Allow(field, op, "EQUAL_TO");
                Expect(FilterTokenKind.LeftParen, "'(' after IN");
                var candidates = new List<IComparable> { Literal(field) };
                while (Current.Kind == FilterTokenKind.Comma)
                {
                    next++;
                    candidates.Add(Literal(field));
                }

                Expect(FilterTokenKind.RightParen, "',' or ')' in the IN list");
                return record => Value(field, record) is { } value && candidates.Exists(candidate => Compare(value, candidate) == 0);
            default:
                throw new FilterSyntaxException($"expected an operator (=, !=, <, <=, >, >=, CONTAINS, BETWEEN, IN) after {field.Name} at position {op.Position}, found {Show(op)}");
        }
    }

    /// <summary>Strings compare by code point, as the CRM stores them; other values by their natural order.</summary>
    private static int Compare(IComparable value, IComparable literal) =>
        value is string text && literal is string other ? string.CompareOrdinal(text, other) : value.CompareTo(literal);

    private static IComparable? Value(CrmField field, JsonObject record) =>
        record.TryGetPropertyValue(field.Name, out var node) ? CrmValue.Comparable(field, node) : null;

    /// <summary>Reads the literal on the right of a comparison as a value of <paramref name="field"/>'s data type.</summary>
    private IComparable Literal(CrmField field)
    {
        var token = Current;
        next++;
        IComparable? value = (field.DataType, token.Kind) switch
        {
            ("String", FilterTokenKind.String) => token.Text,
            ("Boolean", FilterTokenKind.True) => true,
            ("Boolean", FilterTokenKind.False) => false,
            ("Date", FilterTokenKind.Date or FilterTokenKind.String) => CrmValue.ParseDate(token.Text),
            ("DateTime", FilterTokenKind.DateTime or FilterTokenKind.String) => CrmValue.ParseDateTime(token.Text),
            ("DateTime", FilterTokenKind.Date) => CrmValue.ParseDateTime(token.Text + "T00:00:00Z"),
            (_, FilterTokenKind.Number) when field.IsNumeric &&
                decimal.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
        if (value is null)
        {
            var expected = field.DataType switch
            {
                "String" => "a quoted string",
                "Boolean" => "true or false",
                "Date" => "a date like 2024-01-31",
                "DateTime" => "a UTC date-time like 2024-01-31T10:00:00Z",
                _ => "a number",
            };
            throw new FilterSyntaxException($"{field.Name} is a {field.DataType} field: expected {expected} at position {token.Position}, found {Show(token)}");
        }

        return value;
    }

    private static void Allow(CrmField field, FilterToken op, string connectorOperator)
    {
        if (!field.FilterOperators.Contains(connectorOperator))
        {
            throw new FilterSyntaxException(
                $"{op.Text} ({connectorOperator}) is not supported on {field.DataType} field {field.Name} (position {op.Position}); it supports {string.Join(", ", field.FilterOperators)}");
        }
    }

    private FilterToken Expect(FilterTokenKind kind, string expected)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            throw new FilterSyntaxException($"expected {expected} at position {token.Position}, found {Show(token)}");
        }

        next++;
        return token;
    }

    private static string Show(FilterToken token) => token.Kind switch
    {
        FilterTokenKind.End => "the end of the expression",
        FilterTokenKind.String => $"the string '{token.Text}'",
        _ => $"'{token.Text}'",
    };
}
