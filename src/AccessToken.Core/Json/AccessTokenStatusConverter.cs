using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// <c>status</c> as the API spells it: <c>active</c> or <c>inactive</c>, read in any case.
    /// Hand-written because the built-in enum converter also takes numbers, numeric strings and
    /// comma lists, which the contract does not allow.
    /// </summary>
    internal sealed class AccessTokenStatusConverter : JsonConverter<AccessTokenStatus>
    {
        private static readonly JsonEncodedText Active = JsonEncodedText.Encode("active");
        private static readonly JsonEncodedText Inactive = JsonEncodedText.Encode("inactive");

        /// <inheritdoc />
        public override AccessTokenStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new ShapeException("must be 'active' or 'inactive', not " + AccessTokenJson.Describe(reader.TokenType));

            // The API's own spelling needs no string; any other case does.
            if (reader.ValueTextEquals(Active.EncodedUtf8Bytes)) return AccessTokenStatus.Active;
            if (reader.ValueTextEquals(Inactive.EncodedUtf8Bytes)) return AccessTokenStatus.Inactive;
            var text = reader.GetString();
            if (string.Equals(text, "active", StringComparison.OrdinalIgnoreCase)) return AccessTokenStatus.Active;
            if (string.Equals(text, "inactive", StringComparison.OrdinalIgnoreCase)) return AccessTokenStatus.Inactive;
            throw new ShapeException($"must be 'active' or 'inactive', not '{text}'");
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, AccessTokenStatus value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value == AccessTokenStatus.Active ? Active : Inactive);
    }
}
