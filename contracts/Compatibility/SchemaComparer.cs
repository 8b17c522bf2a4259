using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>
/// The walk behind <see cref="SchemaCompatibility.Compare"/>. "Breaking" follows the bump policy: the new
/// schema rejects something the old one accepted, or a declared guarantee (a property, a branch) disappeared.
/// Keywords it does not model are compared verbatim and any difference is reported as breaking.
/// </summary>
internal sealed class SchemaComparer
{
    private static readonly FrozenSet<string> _annotations = FrozenSet.Create(
        StringComparer.Ordinal,
        "title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly",
        "contentEncoding", "contentMediaType", "contentSchema");

    private static readonly FrozenSet<string> _identity = FrozenSet.Create(
        StringComparer.Ordinal, "$id", "$schema", "$anchor", "$dynamicAnchor", "$vocabulary");

    private static readonly FrozenSet<string> _upperBounds = FrozenSet.Create(
        StringComparer.Ordinal, "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains");

    private static readonly FrozenSet<string> _lowerBounds = FrozenSet.Create(
        StringComparer.Ordinal, "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains");

    private static readonly FrozenSet<string> _addedIsTighter = FrozenSet.Create(
        StringComparer.Ordinal, "pattern", "format", "multipleOf");

    private static readonly FrozenSet<string> _modelled = FrozenSet.Create(
        StringComparer.Ordinal,
        "$ref", "$version", "type", "enum", "const", "properties", "required", "additionalProperties", "unevaluatedProperties",
        "items", "prefixItems", "$defs", "definitions", "allOf", "anyOf", "oneOf", "if", "then", "else", "uniqueItems");

    private const int MaxReferenceHops = 32;

    private readonly JsonNode _oldRoot;
    private readonly JsonNode _newRoot;
    private readonly List<SchemaChange> _changes = [];

    // Reference pairs being inlined on the current walk, so recursive schemas terminate.
    private readonly HashSet<(string? Old, string? New)> _activeReferences = [];

    private SchemaComparer(JsonNode oldRoot, JsonNode newRoot)
    {
        _oldRoot = oldRoot;
        _newRoot = newRoot;
    }

    public static IReadOnlyList<SchemaChange> Compare(JsonNode oldSchema, JsonNode newSchema)
    {
        var comparer = new SchemaComparer(oldSchema, newSchema);
        comparer.CompareSchemas(oldSchema, newSchema, string.Empty);
        return comparer._changes;
    }

    private void Add(SchemaChangeKind kind, string path, string description) =>
        _changes.Add(new SchemaChange(kind, path, description));

    /// <summary>Compares two subschemas; a null node means "absent", which for applicators is the same as <c>true</c>.</summary>
    private void CompareSchemas(JsonNode? oldNode, JsonNode? newNode, string path)
    {
        var oldFalse = IsFalse(oldNode);
        var newFalse = IsFalse(newNode);
        if (oldFalse || newFalse)
        {
            if (oldFalse && !newFalse)
            {
                Add(SchemaChangeKind.RelaxedConstraint, path, "the subschema was false (nothing allowed) and now allows values");
            }
            else if (newFalse && !oldFalse)
            {
                Add(SchemaChangeKind.TightenedConstraint, path, "the subschema became false (nothing allowed)");
            }

            return;
        }

        if (AsSchemaObject(oldNode) is not { } oldObj || AsSchemaObject(newNode) is not { } newObj)
        {
            CompareVerbatim(oldNode, newNode, path, "subschema");
            return;
        }

        var oldRef = ReadString(oldObj, "$ref");
        var newRef = ReadString(newObj, "$ref");
        if ((oldRef is not null || newRef is not null) && !string.Equals(oldRef, newRef, StringComparison.Ordinal))
        {
            CompareAcrossReferences(oldObj, oldRef, newObj, newRef, path);
            return;
        }

        // Same (or no) $ref: the target is compared once, under $defs; here only the siblings matter.
        CompareObjects(oldObj, newObj, path);
    }

    private void CompareAcrossReferences(JsonObject oldObj, string? oldRef, JsonObject newObj, string? newRef, string path)
    {
        var oldTarget = Inline(oldObj, _oldRoot);
        var newTarget = Inline(newObj, _newRoot);
        if (oldTarget is null || newTarget is null)
        {
            Add(SchemaChangeKind.ChangedReference, JsonPointerText.Append(path, "$ref"),
                $"$ref changed from {Show(oldRef)} to {Show(newRef)} and the target cannot be compared");
            return;
        }

        if (!_activeReferences.Add((oldRef, newRef)))
        {
            return; // already comparing this pair further up: a recursive schema
        }

        try
        {
            CompareSchemas(oldTarget, newTarget, path);
        }
        finally
        {
            _activeReferences.Remove((oldRef, newRef));
        }
    }

    /// <summary>
    /// The subschema with its local <c>$ref</c> chain replaced by the target, siblings laid over it;
    /// null when a reference leaves the document. Approximate (a sibling overrides rather than conjoins), which is
    /// exact for the usual "annotation next to $ref" case.
    /// </summary>
    private static JsonNode? Inline(JsonObject node, JsonNode root)
    {
        JsonNode current = node;
        for (var hop = 0; hop < MaxReferenceHops; hop++)
        {
            if (current is not JsonObject obj || ReadString(obj, "$ref") is not { } reference)
            {
                return current;
            }

            var target = ResolveLocal(reference, root);
            if (target is null)
            {
                return null;
            }

            if (target is not JsonObject targetObj)
            {
                return target.DeepClone(); // a boolean schema; siblings of a $ref to true/false add nothing we model
            }

            var merged = (JsonObject)targetObj.DeepClone();
            foreach (var (key, value) in obj)
            {
                if (key != "$ref")
                {
                    merged[key] = value?.DeepClone();
                }
            }

            current = merged;
        }

        return null;
    }

    private static JsonNode? ResolveLocal(string reference, JsonNode root)
    {
        var rootId = root is JsonObject rootObj ? ReadString(rootObj, "$id") : null;
        var fragment = reference switch
        {
            _ when reference.StartsWith('#') => reference[1..],
            _ when rootId is not null && reference.StartsWith(rootId + "#", StringComparison.Ordinal) => reference[(rootId.Length + 1)..],
            _ when rootId is not null && reference == rootId => string.Empty,
            _ => null,
        };
        if (fragment is null)
        {
            return null;
        }

        fragment = Uri.UnescapeDataString(fragment);
        return fragment.Length == 0 || fragment[0] == '/' ? JsonPointerText.Resolve(root, fragment) : null;
    }

    private void CompareObjects(JsonObject oldObj, JsonObject newObj, string path)
    {
        CompareIdentity(oldObj, newObj, path);
        CompareTypes(oldObj, newObj, path);
        CompareAllowedValues(oldObj, newObj, path);
        CompareProperties(oldObj, newObj, path);
        CompareAdditional(oldObj, newObj, path, "additionalProperties");
        CompareAdditional(oldObj, newObj, path, "unevaluatedProperties");
        CompareConstraints(oldObj, newObj, path);
        CompareItems(oldObj, newObj, path);
        CompareAllOf(oldObj, newObj, path);
        CompareAlternatives(oldObj, newObj, path, "anyOf");
        CompareAlternatives(oldObj, newObj, path, "oneOf");
        CompareCondition(oldObj, newObj, path);
        CompareDefinitions(oldObj, newObj, path, "$defs");
        CompareDefinitions(oldObj, newObj, path, "definitions");
        CompareAnnotations(oldObj, newObj, path);
        CompareUnmodelled(oldObj, newObj, path);
    }

    private void CompareIdentity(JsonObject oldObj, JsonObject newObj, string path)
    {
        foreach (var keyword in _identity)
        {
            if (!JsonNode.DeepEquals(oldObj[keyword], newObj[keyword]))
            {
                Add(SchemaChangeKind.ChangedIdentity, JsonPointerText.Append(path, keyword),
                    $"{keyword} changed from {Show(oldObj[keyword])} to {Show(newObj[keyword])}");
            }
        }
    }

    private void CompareTypes(JsonObject oldObj, JsonObject newObj, string path)
    {
        var oldTypes = ReadTypes(oldObj);
        var newTypes = ReadTypes(newObj);
        var typePath = JsonPointerText.Append(path, "type");
        if (oldTypes is null && newTypes is null)
        {
            return;
        }

        if (newTypes is null)
        {
            Add(SchemaChangeKind.WidenedType, typePath, $"type constraint {Show(oldTypes!)} removed");
            return;
        }

        if (oldTypes is null)
        {
            Add(SchemaChangeKind.ChangedType, typePath, $"type restricted to {Show(newTypes)}");
            return;
        }

        var lost = oldTypes.Where(t => !Covers(newTypes, t)).ToList();
        if (lost.Count > 0)
        {
            Add(SchemaChangeKind.ChangedType, typePath, $"type changed from {Show(oldTypes)} to {Show(newTypes)}; no longer allows {Show(lost)}");
            return;
        }

        var gained = newTypes.Where(t => !Covers(oldTypes, t)).ToList();
        if (gained.Count > 0)
        {
            Add(SchemaChangeKind.WidenedType, typePath, $"type widened from {Show(oldTypes)} to {Show(newTypes)}");
        }
    }

    // "number" includes "integer".
    private static bool Covers(IReadOnlyList<string> types, string type) =>
        types.Contains(type) || (type == "integer" && types.Contains("number"));

    private void CompareAllowedValues(JsonObject oldObj, JsonObject newObj, string path)
    {
        var oldValues = ReadAllowedValues(oldObj);
        var newValues = ReadAllowedValues(newObj);
        if (oldValues is null && newValues is null)
        {
            return;
        }

        var keyword = newObj.ContainsKey("const") || (!newObj.ContainsKey("enum") && oldObj.ContainsKey("const")) ? "const" : "enum";
        var valuesPath = JsonPointerText.Append(path, keyword);
        if (oldValues is null)
        {
            Add(SchemaChangeKind.NarrowedEnum, valuesPath, $"values restricted to {Show(newValues!)}");
            return;
        }

        if (newValues is null)
        {
            Add(SchemaChangeKind.WidenedEnum, valuesPath, $"value restriction {Show(oldValues)} removed");
            return;
        }

        var removed = oldValues.Where(o => !newValues.Any(n => JsonNode.DeepEquals(o, n))).ToList();
        var added = newValues.Where(n => !oldValues.Any(o => JsonNode.DeepEquals(o, n))).ToList();
        var bothConst = oldObj.ContainsKey("const") && newObj.ContainsKey("const");
        if (removed.Count > 0)
        {
            Add(SchemaChangeKind.NarrowedEnum, valuesPath, bothConst
                ? $"const changed from {Show(oldValues[0])} to {Show(newValues[0])}"
                : $"values removed: {Show(removed)}");
        }

        if (added.Count > 0 && !bothConst)
        {
            Add(SchemaChangeKind.WidenedEnum, valuesPath, $"values added: {Show(added)}");
        }
    }

    private void CompareProperties(JsonObject oldObj, JsonObject newObj, string path)
    {
        var oldProperties = oldObj["properties"] as JsonObject ?? [];
        var newProperties = newObj["properties"] as JsonObject ?? [];
        var oldRequired = ReadStrings(oldObj["required"]);
        var newRequired = ReadStrings(newObj["required"]);
        var propertiesPath = JsonPointerText.Append(path, "properties");

        foreach (var (name, oldProperty) in oldProperties)
        {
            var propertyPath = JsonPointerText.Append(propertiesPath, name);
            if (newProperties.TryGetPropertyValue(name, out var newProperty))
            {
                CompareSchemas(oldProperty, newProperty, propertyPath);
            }
            else
            {
                Add(SchemaChangeKind.RemovedProperty, propertyPath, $"property \"{name}\" removed");
            }
        }

        foreach (var (name, _) in newProperties)
        {
            if (!oldProperties.ContainsKey(name) && !newRequired.Contains(name))
            {
                Add(SchemaChangeKind.AddedOptionalProperty, JsonPointerText.Append(propertiesPath, name), $"optional property \"{name}\" added");
            }
        }

        var requiredPath = JsonPointerText.Append(path, "required");
        foreach (var name in newRequired.Where(n => !oldRequired.Contains(n)))
        {
            Add(SchemaChangeKind.NewRequiredProperty, requiredPath, oldProperties.ContainsKey(name)
                ? $"property \"{name}\" became required"
                : $"required property \"{name}\" added");
        }

        // A required property that was removed outright is already reported as RemovedProperty.
        foreach (var name in oldRequired.Where(n => !newRequired.Contains(n) && (newProperties.ContainsKey(n) || !oldProperties.ContainsKey(n))))
        {
            Add(SchemaChangeKind.RelaxedRequired, requiredPath, $"property \"{name}\" is no longer required");
        }
    }

    private void CompareAdditional(JsonObject oldObj, JsonObject newObj, string path, string keyword)
    {
        var oldNode = oldObj[keyword];
        var newNode = newObj[keyword];
        var keywordPath = JsonPointerText.Append(path, keyword);
        var oldOpen = oldNode is null || IsTrue(oldNode);
        var newOpen = newNode is null || IsTrue(newNode);
        var oldClosed = IsFalse(oldNode);
        var newClosed = IsFalse(newNode);

        if (oldOpen && newOpen)
        {
            return;
        }

        if (newClosed && !oldClosed)
        {
            Add(SchemaChangeKind.ClosedAdditionalProperties, keywordPath, $"{keyword} became false: properties not declared are now rejected");
        }
        else if (oldClosed && !newClosed)
        {
            Add(SchemaChangeKind.OpenedAdditionalProperties, keywordPath, $"{keyword} is no longer false: undeclared properties are now accepted");
        }
        else if (oldOpen && !newOpen)
        {
            Add(SchemaChangeKind.TightenedConstraint, keywordPath, $"undeclared properties are now constrained by a {keyword} schema");
        }
        else if (newOpen && !oldOpen)
        {
            Add(SchemaChangeKind.OpenedAdditionalProperties, keywordPath, $"the {keyword} schema was removed: undeclared properties are now unconstrained");
        }
        else if (!oldClosed)
        {
            CompareSchemas(oldNode, newNode, keywordPath);
        }
    }

    private void CompareConstraints(JsonObject oldObj, JsonObject newObj, string path)
    {
        foreach (var keyword in _upperBounds.Concat(_lowerBounds))
        {
            CompareBound(oldObj, newObj, path, keyword, isUpper: _upperBounds.Contains(keyword));
        }

        foreach (var keyword in _addedIsTighter)
        {
            var oldValue = oldObj[keyword];
            var newValue = newObj[keyword];
            var keywordPath = JsonPointerText.Append(path, keyword);
            if (JsonNode.DeepEquals(oldValue, newValue))
            {
                continue;
            }

            if (newValue is null)
            {
                Add(SchemaChangeKind.RelaxedConstraint, keywordPath, $"{keyword} {Show(oldValue)} removed");
            }
            else
            {
                Add(SchemaChangeKind.TightenedConstraint, keywordPath, oldValue is null
                    ? $"{keyword} {Show(newValue)} added"
                    : $"{keyword} changed from {Show(oldValue)} to {Show(newValue)}");
            }
        }

        var oldUnique = IsTrue(oldObj["uniqueItems"]);
        var newUnique = IsTrue(newObj["uniqueItems"]);
        if (!oldUnique && newUnique)
        {
            Add(SchemaChangeKind.TightenedConstraint, JsonPointerText.Append(path, "uniqueItems"), "items must now be unique");
        }
        else if (oldUnique && !newUnique)
        {
            Add(SchemaChangeKind.RelaxedConstraint, JsonPointerText.Append(path, "uniqueItems"), "items no longer need to be unique");
        }
    }

    private void CompareBound(JsonObject oldObj, JsonObject newObj, string path, string keyword, bool isUpper)
    {
        var oldValue = oldObj[keyword];
        var newValue = newObj[keyword];
        if (JsonNode.DeepEquals(oldValue, newValue))
        {
            return;
        }

        var keywordPath = JsonPointerText.Append(path, keyword);
        if (oldValue is null)
        {
            Add(SchemaChangeKind.TightenedConstraint, keywordPath, $"{keyword} {Show(newValue)} added");
            return;
        }

        if (newValue is null)
        {
            Add(SchemaChangeKind.RelaxedConstraint, keywordPath, $"{keyword} {Show(oldValue)} removed");
            return;
        }

        if (!TryReadNumber(oldValue, out var oldNumber) || !TryReadNumber(newValue, out var newNumber))
        {
            Add(SchemaChangeKind.UnclassifiedChange, keywordPath, $"{keyword} changed from {Show(oldValue)} to {Show(newValue)}");
            return;
        }

        var tighter = isUpper ? newNumber < oldNumber : newNumber > oldNumber;
        Add(tighter ? SchemaChangeKind.TightenedConstraint : SchemaChangeKind.RelaxedConstraint, keywordPath,
            $"{keyword} changed from {Show(oldValue)} to {Show(newValue)}");
    }

    private void CompareItems(JsonObject oldObj, JsonObject newObj, string path)
    {
        var oldItems = oldObj["items"];
        var newItems = newObj["items"];
        if (oldItems is not null || newItems is not null)
        {
            CompareSchemas(oldItems, newItems, JsonPointerText.Append(path, "items"));
        }

        var oldPrefix = oldObj["prefixItems"] as JsonArray ?? [];
        var newPrefix = newObj["prefixItems"] as JsonArray ?? [];
        var prefixPath = JsonPointerText.Append(path, "prefixItems");
        for (var i = 0; i < Math.Max(oldPrefix.Count, newPrefix.Count); i++)
        {
            var itemPath = JsonPointerText.Append(prefixPath, i);
            if (i >= newPrefix.Count)
            {
                Add(SchemaChangeKind.RelaxedConstraint, itemPath, $"prefixItems entry {i} removed");
            }
            else if (i >= oldPrefix.Count)
            {
                Add(SchemaChangeKind.TightenedConstraint, itemPath, $"prefixItems entry {i} added");
            }
            else
            {
                CompareSchemas(oldPrefix[i], newPrefix[i], itemPath);
            }
        }
    }

    /// <summary>
    /// allOf branches are matched by their <c>if</c> condition (so reordering or inserting event types lines up),
    /// other branches by position.
    /// </summary>
    private void CompareAllOf(JsonObject oldObj, JsonObject newObj, string path)
    {
        var oldBranches = KeyBranches(oldObj["allOf"] as JsonArray);
        var newBranches = KeyBranches(newObj["allOf"] as JsonArray);
        var allOfPath = JsonPointerText.Append(path, "allOf");

        foreach (var (key, (oldIndex, oldBranch)) in oldBranches)
        {
            if (newBranches.TryGetValue(key, out var match))
            {
                CompareSchemas(oldBranch, match.Branch, JsonPointerText.Append(allOfPath, match.Index));
            }
            else
            {
                Add(SchemaChangeKind.RemovedBranch, JsonPointerText.Append(allOfPath, oldIndex), $"allOf branch {Describe(oldBranch)} removed");
            }
        }

        foreach (var (key, (newIndex, newBranch)) in newBranches)
        {
            if (oldBranches.ContainsKey(key))
            {
                continue;
            }

            var branchPath = JsonPointerText.Append(allOfPath, newIndex);
            if (AppliesOnlyToValuesOldRejected(oldObj, newBranch))
            {
                Add(SchemaChangeKind.AddedConditionalBranch, branchPath,
                    $"allOf branch {Describe(newBranch)} added; its condition matches only values the old schema rejected");
            }
            else
            {
                Add(SchemaChangeKind.TightenedConstraint, branchPath,
                    $"allOf branch {Describe(newBranch)} added and may apply to instances the old schema accepted");
            }
        }
    }

    private static Dictionary<string, (int Index, JsonNode? Branch)> KeyBranches(JsonArray? branches)
    {
        var keyed = new Dictionary<string, (int, JsonNode?)>(StringComparer.Ordinal);
        if (branches is null)
        {
            return keyed;
        }

        var positional = 0;
        for (var i = 0; i < branches.Count; i++)
        {
            var baseKey = branches[i] is JsonObject branch && branch["if"] is { } condition
                ? "if:" + Canonical(condition)
                : "#" + positional++.ToString(CultureInfo.InvariantCulture);
            var key = baseKey;
            for (var duplicate = 1; keyed.ContainsKey(key); duplicate++)
            {
                key = baseKey + "~" + duplicate.ToString(CultureInfo.InvariantCulture);
            }

            keyed[key] = (i, branches[i]);
        }

        return keyed;
    }

    /// <summary>
    /// True when the branch's <c>if</c> requires a property whose allowed values (const/enum) share nothing with the
    /// values the old schema allowed for it: no instance valid under the old schema can trigger the branch.
    /// That is how a new event type's data shape is added without a MAJOR bump.
    /// </summary>
    private bool AppliesOnlyToValuesOldRejected(JsonObject oldParent, JsonNode? branch)
    {
        if (branch is not JsonObject branchObj || branchObj["if"] is not JsonObject condition
            || condition["properties"] is not JsonObject conditionProperties)
        {
            return false;
        }

        var required = ReadStrings(condition["required"]);
        var oldProperties = oldParent["properties"] as JsonObject;
        foreach (var (name, conditionProperty) in conditionProperties)
        {
            if (!required.Contains(name) || conditionProperty is not JsonObject conditionSchema
                || ReadAllowedValues(conditionSchema) is not { } triggering
                || oldProperties?[name] is not JsonObject oldProperty
                || Inline(oldProperty, _oldRoot) is not JsonObject oldEffective
                || ReadAllowedValues(oldEffective) is not { } oldAllowed)
            {
                continue;
            }

            if (!triggering.Any(t => oldAllowed.Any(o => JsonNode.DeepEquals(t, o))))
            {
                return true;
            }
        }

        return false;
    }

    private void CompareAlternatives(JsonObject oldObj, JsonObject newObj, string path, string keyword)
    {
        var oldBranches = oldObj[keyword];
        var newBranches = newObj[keyword];
        var keywordPath = JsonPointerText.Append(path, keyword);
        if (oldBranches is null && newBranches is null)
        {
            return;
        }

        if (oldBranches is JsonArray oldArray && newBranches is JsonArray newArray && oldArray.Count == newArray.Count)
        {
            for (var i = 0; i < oldArray.Count; i++)
            {
                CompareSchemas(oldArray[i], newArray[i], JsonPointerText.Append(keywordPath, i));
            }

            return;
        }

        if (oldBranches is null)
        {
            Add(SchemaChangeKind.TightenedConstraint, keywordPath, $"{keyword} added");
        }
        else if (newBranches is null)
        {
            Add(SchemaChangeKind.RelaxedConstraint, keywordPath, $"{keyword} removed");
        }
        else
        {
            Add(SchemaChangeKind.UnclassifiedChange, keywordPath, $"{keyword} branches added or removed");
        }
    }

    private void CompareCondition(JsonObject oldObj, JsonObject newObj, string path)
    {
        var oldIf = oldObj["if"];
        var newIf = newObj["if"];
        if (oldIf is null && newIf is null)
        {
            return; // then/else without if have no effect
        }

        if (!JsonNode.DeepEquals(oldIf, newIf))
        {
            Add(SchemaChangeKind.ChangedCondition, JsonPointerText.Append(path, "if"),
                oldIf is null ? "if/then/else added" : newIf is null ? "if/then/else removed" : "if condition changed");
            return;
        }

        foreach (var branch in (string[])["then", "else"])
        {
            if (oldObj[branch] is not null || newObj[branch] is not null)
            {
                CompareSchemas(oldObj[branch], newObj[branch], JsonPointerText.Append(path, branch));
            }
        }
    }

    private void CompareDefinitions(JsonObject oldObj, JsonObject newObj, string path, string keyword)
    {
        var oldDefinitions = oldObj[keyword] as JsonObject ?? [];
        var newDefinitions = newObj[keyword] as JsonObject ?? [];
        var keywordPath = JsonPointerText.Append(path, keyword);
        foreach (var (name, oldDefinition) in oldDefinitions)
        {
            var definitionPath = JsonPointerText.Append(keywordPath, name);
            if (newDefinitions.TryGetPropertyValue(name, out var newDefinition))
            {
                CompareSchemas(oldDefinition, newDefinition, definitionPath);
            }
            else
            {
                Add(SchemaChangeKind.RemovedDefinition, definitionPath, $"definition \"{name}\" removed");
            }
        }

        foreach (var (name, _) in newDefinitions)
        {
            if (!oldDefinitions.ContainsKey(name))
            {
                Add(SchemaChangeKind.AddedDefinition, JsonPointerText.Append(keywordPath, name), $"definition \"{name}\" added");
            }
        }
    }

    private void CompareAnnotations(JsonObject oldObj, JsonObject newObj, string path)
    {
        foreach (var keyword in _annotations)
        {
            if (!JsonNode.DeepEquals(oldObj[keyword], newObj[keyword]))
            {
                Add(SchemaChangeKind.AnnotationChanged, JsonPointerText.Append(path, keyword), $"{keyword} changed");
            }
        }
    }

    private void CompareUnmodelled(JsonObject oldObj, JsonObject newObj, string path)
    {
        var keywords = oldObj.Select(p => p.Key).Union(newObj.Select(p => p.Key), StringComparer.Ordinal)
            .Where(k => !_modelled.Contains(k) && !_annotations.Contains(k) && !_identity.Contains(k)
                && !_upperBounds.Contains(k) && !_lowerBounds.Contains(k) && !_addedIsTighter.Contains(k));
        foreach (var keyword in keywords)
        {
            if (!JsonNode.DeepEquals(oldObj[keyword], newObj[keyword]))
            {
                Add(SchemaChangeKind.UnclassifiedChange, JsonPointerText.Append(path, keyword),
                    $"{keyword} changed from {Show(oldObj[keyword])} to {Show(newObj[keyword])}; not modelled by the checker, so treated as breaking");
            }
        }
    }

    private void CompareVerbatim(JsonNode? oldNode, JsonNode? newNode, string path, string what)
    {
        if (!JsonNode.DeepEquals(oldNode, newNode))
        {
            Add(SchemaChangeKind.UnclassifiedChange, path, $"{what} changed from {Show(oldNode)} to {Show(newNode)}");
        }
    }

    // --- reading schema values -------------------------------------------------------------------

    private static JsonObject? AsSchemaObject(JsonNode? node) =>
        node switch
        {
            null => [],
            JsonObject obj => obj,
            _ when IsTrue(node) => [],
            _ => null,
        };

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && b;

    private static bool IsFalse(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && !b;

    private static string? ReadString(JsonObject obj, string keyword) =>
        obj[keyword] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static HashSet<string> ReadStrings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The <c>type</c> keyword as a list; null when absent (any type).</summary>
    private static List<string>? ReadTypes(JsonObject obj) =>
        obj["type"] switch
        {
            null => null,
            JsonArray array => [.. ReadStrings(array).Order(StringComparer.Ordinal)],
            JsonValue value when value.TryGetValue<string>(out var single) => [single],
            _ => null,
        };

    /// <summary>The values a subschema allows by <c>const</c> or <c>enum</c>; null when unrestricted.</summary>
    private static List<JsonNode?>? ReadAllowedValues(JsonObject obj)
    {
        if (obj.TryGetPropertyValue("const", out var constant))
        {
            return [constant];
        }

        return obj["enum"] is JsonArray values ? [.. values] : null;
    }

    private static bool TryReadNumber(JsonNode? node, out decimal number)
    {
        number = 0;
        return node is JsonValue value && (value.TryGetValue(out number) || (value.TryGetValue<double>(out var d) && TryToDecimal(d, out number)));
    }

    private static bool TryToDecimal(double value, out decimal number)
    {
        number = 0;
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) > (double)decimal.MaxValue)
        {
            return false;
        }

        number = (decimal)value;
        return true;
    }

    /// <summary>JSON text with object keys sorted, so equal conditions written in different key order match.</summary>
    private static string Canonical(JsonNode? node) =>
        Sort(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) =>
        node switch
        {
            JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
            JsonArray array => new JsonArray([.. array.Select(Sort)]),
            _ => node?.DeepClone(),
        };

    private static string Describe(JsonNode? branch) =>
        branch is JsonObject obj && obj["if"] is { } condition ? "if " + Canonical(condition) : Show(branch);

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "(absent)";

    private static string Show(string? text) => text is null ? "(absent)" : "\"" + text + "\"";

    private static string Show(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => "\"" + v + "\"")) + "]";

    private static string Show(IEnumerable<JsonNode?> values) => "[" + string.Join(", ", values.Select(Show)) + "]";
}
