using System;
using System.Security;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Copies the secret <c>token</c> straight from the JSON bytes into a read-only
    /// <see cref="SecureString"/>, so that it never exists as a string; never writes one.
    /// </summary>
    internal sealed class SecretConverter : JsonConverter<SecureString>
    {
        /// <inheritdoc />
        public override SecureString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new ShapeException("must be a string, not " + AccessTokenJson.Describe(reader.TokenType));
            var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var chars = new char[length];
            try
            {
                var written = reader.CopyString(chars);
                var secret = new SecureString();
                for (var i = 0; i < written; i++) secret.AppendChar(chars[i]);
                secret.MakeReadOnly();
                return secret;
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, SecureString value, JsonSerializerOptions options) =>
            throw new NotSupportedException("A secret is never written as JSON.");
    }
}
