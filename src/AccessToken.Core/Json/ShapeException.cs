using System.Text.Json;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// A value that is valid JSON but not what the contract describes, thrown from the
    /// converters and the models' checks. It is a <see cref="JsonException"/> so that the
    /// serializer fills in <see cref="JsonException.Path"/>, which names the field.
    /// </summary>
    internal sealed class ShapeException : JsonException
    {
        /// <summary>A problem with the value at the exception's path, or with <paramref name="member"/> of the object there.</summary>
        public ShapeException(string message, string? member = null) : base(message) => Member = member;

        /// <summary>The member of the object at <see cref="JsonException.Path"/> that is wrong, when the object's own check found it.</summary>
        public string? Member { get; }
    }
}
