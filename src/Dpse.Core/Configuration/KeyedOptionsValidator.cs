using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Dpse.Core.Configuration;

/// <summary>
/// Validates an options class by its data annotations and <see cref="IValidatableObject"/>, and words every failure
/// for the operator: the configuration key, the environment variable that sets it, and what to put there. The
/// framework's own validator says "DataAnnotation validation failed for 'ShellOptions' members…" or "The User field is
/// required.", which names neither.
/// </summary>
/// <typeparam name="T">The options class, bound from <paramref name="section"/>.</typeparam>
/// <param name="section">The configuration section, e.g. <c>Dpse:Shell</c>.</param>
public sealed class KeyedOptionsValidator<T>(string section) : IValidateOptions<T>
    where T : class, new()
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var defaults = new T();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = property.Name };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.GetValidationResult(value, context) is not { } result || result == ValidationResult.Success)
                {
                    continue;
                }

                failures.Add(attribute is RequiredAttribute
                    ? Empty(property, defaults)
                    : Word(property.Name, result.ErrorMessage));
                break;
            }
        }

        if (failures.Count == 0 && options is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(options)))
            {
                failures.Add(Word(result.MemberNames.FirstOrDefault(), result.ErrorMessage));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The configuration key of a property: <c>Dpse:Shell:User</c>.</summary>
    public string Key(string property) => $"{section}:{property}";

    /// <summary>The environment variable that sets a property: <c>Dpse__Shell__User</c>.</summary>
    public string EnvironmentVariable(string property) => Key(property).Replace(":", "__", StringComparison.Ordinal);

    private string Empty(PropertyInfo property, T defaults)
    {
        var example = Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(example)
            ? $"{Key(property.Name)} is empty: set {EnvironmentVariable(property.Name)} to a value."
            : $"{Key(property.Name)} is empty: set {EnvironmentVariable(property.Name)} to a value such as {example}, or unset it to use {example}.";
    }

    private string Word(string? property, string? message)
    {
        message ??= "is not valid.";
        if (property is null)
        {
            return message;
        }

        // Our own messages start with the key already; the framework's start with the member's name.
        var key = Key(property);
        var worded = message.StartsWith(key, StringComparison.Ordinal) ? message : $"{key}: {message}";
        return $"{worded} (environment variable {EnvironmentVariable(property)})";
    }
}
