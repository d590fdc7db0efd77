#Requires -Version 7.2
<#
.SYNOPSIS
    Builds the module's help: AccessToken.dll-Help.xml (MAML) and about_AccessToken.help.txt.
.DESCRIPTION
    The text comes from one markdown file per cmdlet in -SourcePath (the format is described in
    module/help/README.md); everything the code already knows comes from the built cmdlets
    themselves: parameter types, mandatory, position, pipeline input, aliases, wildcards,
    accepted values and the parameter sets that make the syntax, as PowerShell's CmdletInfo
    (what Get-Command shows) computes them over the built assembly. The assembly is read into a
    load context of its own rather than imported, so no file stays locked and the calling
    session never holds a stale copy of it.

    The build fails when an exported cmdlet has no help file, no synopsis or description, or a
    parameter (other than PowerShell's common parameters) without text; and when a help file
    describes a parameter the cmdlet does not have.
.PARAMETER SourcePath
    The folder of the markdown sources: <Cmdlet>.md, SharedParameters.md and about_*.help.txt.
.PARAMETER ManifestPath
    The built module's manifest.
.PARAMETER OutputPath
    The culture folder to write, e.g. out/AccessToken/en-US.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Relative paths would mean something else to .NET, whose current directory is not the location.
$SourcePath = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
$ManifestPath = (Resolve-Path -LiteralPath $ManifestPath).ProviderPath
$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)

$SharedParametersFile = 'SharedParameters.md'
$NotCmdletFiles = @('README.md', $SharedParametersFile)

#region Markdown

function ConvertFrom-HelpMarkdown {
    # Splits a help file into its sections: '# Name', '## Section', '### Item' headings; fenced
    # code blocks are kept whole, so a '#' inside code is never a heading.
    param([string] $Path)
    $document = [ordered]@{ Name = $null; Sections = [ordered]@{} }
    $section = $null
    $item = $null
    $inFence = $false
    $lineNumber = 0
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        $lineNumber++
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3})\s+(.+?)\s*$') {
            $level = $Matches[1].Length
            $title = $Matches[2]
            if ($level -eq 1) { $document.Name = $title; $section = $null; $item = $null; continue }
            if ($level -eq 2) {
                $section = [ordered]@{ Lines = [System.Collections.Generic.List[string]]::new(); Items = [System.Collections.Generic.List[object]]::new() }
                $document.Sections[$title] = $section
                $item = $null
                continue
            }
            if ($null -eq $section) { throw "${Path}:${lineNumber}: '### $title' is outside any '## ' section." }
            $item = [ordered]@{ Title = $title; Lines = [System.Collections.Generic.List[string]]::new() }
            $section.Items.Add($item)
            continue
        }
        if ($null -ne $item) { $item.Lines.Add($line) }
        elseif ($null -ne $section) { $section.Lines.Add($line) }
        elseif ($line.Trim()) { throw "${Path}:${lineNumber}: text before the first '## ' section." }
    }
    if ($inFence) { throw "${Path}: a code fence (```) is not closed." }
    $document
}

$InlineMarks = [char[]]'[`*'

function ConvertTo-InlineText([string] $text) {
    # Help is plain text: markdown's inline marks go, link targets stay readable.
    $text = [regex]::Replace($text, '\[([^\]]+)\]\(([^)]*)\)', { param($m) if ($m.Groups[2].Value) { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    $text = [regex]::Replace($text, '`([^`]+)`', '$1')
    $text = [regex]::Replace($text, '\*\*([^*]+)\*\*', '$1')
    $text
}

# Fenced code blocks, with the code as group 1. Splitting on this pattern yields text and code in turn.
$FencePattern = [regex]::new('^[ \t]*```[^\n]*\n(.*?)\n?[ \t]*```[ \t]*$', 'Multiline, Singleline')
# A line break inside a paragraph, except before a list item ('- ', '* ', '1. ').
$JoinedBreakPattern = [regex]::new('[ \t]*\n[ \t]*(?!(?:[-*]|\d+\.)[ \t])')
$ListBreakPattern = [regex]::new('[ \t]*\n[ \t]*')

function Split-Block([string[]] $Lines) {
    # Lines -> blocks: @{ Kind = 'Text' | 'Code'; Text }. A blank line ends a paragraph; list
    # items keep a line each; other lines of a paragraph join with a space. Whole-text regular
    # expressions rather than a loop over lines: the build runs this on every help file.
    $parts = $FencePattern.Split(($Lines -join "`n"))
    for ($i = 0; $i -lt $parts.Count; $i++) {
        if ($i % 2) { @{ Kind = 'Code'; Text = $parts[$i] }; continue }
        foreach ($paragraph in $parts[$i] -split '\n[ \t]*(?:\n[ \t]*)+') {
            $paragraph = $paragraph.Trim()
            if (-not $paragraph) { continue }
            $paragraph = $ListBreakPattern.Replace($JoinedBreakPattern.Replace($paragraph, ' '), "`n")
            if ($paragraph.IndexOfAny($InlineMarks) -ge 0) { $paragraph = ConvertTo-InlineText $paragraph }
            @{ Kind = 'Text'; Text = $paragraph }
        }
    }
}

function Get-Paragraph([string[]] $Lines) {
    foreach ($block in Split-Block $Lines) { $block.Text }
}

#endregion

#region Metadata of the built cmdlets

function Get-TypeInfo([type] $type) {
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $type = $underlying }
    $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
    $values = if ($element.IsEnum) { [enum]::GetNames($element) } else { @() }
    @{ FullName = $type.FullName; Name = $type.Name; IsSwitch = $type -eq [switch]; Values = @($values) }
}

function Get-CommandMetadata([string] $ManifestPath) {
    # PowerShell's own metadata of the built cmdlets, as Get-Command shows it (CmdletInfo over
    # each cmdlet class), without importing the module: the assemblies are read from streams
    # into a load context of their own, so no file stays locked and a second build in the same
    # session never sees the first build's types.
    $moduleBase = Split-Path $ManifestPath
    $manifest = Import-PowerShellDataFile $ManifestPath
    $context = [System.Runtime.Loader.AssemblyLoadContext]::new('AccessToken help build', $true)
    $load = {
        param([string] $path)
        $stream = [System.IO.File]::OpenRead($path)
        try { $context.LoadFromStream($stream) } finally { $stream.Dispose() }
    }
    # The engine's types (e.g. AccessTokenStatus) come from the module's Dependencies folder.
    $context.add_Resolving([Func[System.Runtime.Loader.AssemblyLoadContext, System.Reflection.AssemblyName, System.Reflection.Assembly]] {
            param($loadContext, $name)
            $path = Join-Path $moduleBase "Dependencies/$($name.Name).dll"
            if (Test-Path $path) { & $load $path }
        })
    $assembly = & $load (Join-Path $moduleBase $manifest.RootModule)
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    $commands = [System.Collections.Generic.List[object]]::new()
    foreach ($class in $assembly.GetExportedTypes()) {
        $attribute = [Attribute]::GetCustomAttribute($class, [System.Management.Automation.CmdletAttribute])
        if (-not $attribute -or $class.IsAbstract) { continue }
        $cmdlet = [System.Management.Automation.CmdletInfo]::new("$($attribute.VerbName)-$($attribute.NounName)", $class)
        if ($manifest.CmdletsToExport -notcontains $cmdlet.Name) { continue }

        $parameters = [ordered]@{}
        foreach ($parameter in $cmdlet.Parameters.Values) {
            if ($common -contains $parameter.Name) { continue }
            $type = Get-TypeInfo $parameter.ParameterType
            $wildcards = $false
            foreach ($attribute in $parameter.Attributes) {
                if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { $type.Values = @($attribute.ValidValues) }
                if ($attribute -is [System.Management.Automation.SupportsWildcardsAttribute]) { $wildcards = $true }
            }
            $parameters[$parameter.Name] = @{
                Name      = $parameter.Name
                Type      = $type
                Aliases   = @($parameter.Aliases)
                Wildcards = $wildcards
            }
        }
        $sets = foreach ($set in $cmdlet.ParameterSets) {
            @{
                Name       = $set.Name
                IsDefault  = $set.IsDefault
                Parameters = @(foreach ($p in $set.Parameters) {
                        if ($common -contains $p.Name) { continue }
                        @{
                            Name           = $p.Name
                            Mandatory      = $p.IsMandatory
                            Position       = $p.Position
                            ByValue        = $p.ValueFromPipeline
                            ByPropertyName = $p.ValueFromPipelineByPropertyName
                        }
                    })
            }
        }
        $commands.Add(@{
                Name       = $cmdlet.Name
                Verb       = $cmdlet.Verb
                Noun       = $cmdlet.Noun
                Parameters = $parameters
                Sets       = @($sets)
            })
    }
    $missing = @($manifest.CmdletsToExport | Where-Object { $commands.Name -notcontains $_ })
    if ($missing) { throw "The manifest exports cmdlets that $($manifest.RootModule) does not define: $($missing -join ', ')." }
    , @($commands | Sort-Object { $_.Name })
}

#endregion

#region MAML

# Namespaces of the MAML schema. The writing below calls XmlWriter directly rather than through
# small helper functions: a PowerShell function call costs far more than a method call, and
# there are thousands of elements.
$MshNs = 'http://msh'
$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$MSHelpNs = 'http://msdn.microsoft.com/mshelp'

function Write-Paragraphs($Writer, $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $MamlNs)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $MamlNs, $paragraph) }
    $Writer.WriteEndElement()
}

function Write-Parameter($Writer, $Metadata, $Usages, $Paragraphs, $DefaultValue, [bool] $InSyntax) {
    $type = $Metadata.Type
    $required = $false; $byValue = $false; $byName = $false; $position = 'named'
    foreach ($usage in $Usages) {
        $required = $required -or $usage.Mandatory
        $byValue = $byValue -or $usage.ByValue
        $byName = $byName -or $usage.ByPropertyName
        if ($usage.Position -ge 0 -and $position -eq 'named') { $position = [string]$usage.Position }
    }
    $pipelineInput = if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }

    $Writer.WriteStartElement('command', 'parameter', $CommandNs)
    $Writer.WriteAttributeString('required', ($required ? 'true' : 'false'))
    $Writer.WriteAttributeString('variableLength', ($type.FullName.EndsWith('[]') ? 'true' : 'false'))
    $Writer.WriteAttributeString('globbing', ($Metadata.Wildcards ? 'true' : 'false'))
    $Writer.WriteAttributeString('pipelineInput', $pipelineInput)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', ($Metadata.Aliases.Count ? ($Metadata.Aliases -join ', ') : 'none'))
    $Writer.WriteElementString('maml', 'name', $MamlNs, $Metadata.Name)
    if (-not $InSyntax) { Write-Paragraphs $Writer $Paragraphs }
    if ($type.Values.Count -and -not $type.IsSwitch) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $CommandNs)
        foreach ($value in $type.Values) {
            $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $CommandNs, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # A switch takes no value: the syntax shows [-Force], not [-Force <SwitchParameter>].
    if (-not ($InSyntax -and $type.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
        $Writer.WriteAttributeString('required', ($type.IsSwitch ? 'false' : 'true'))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($type.Name)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $DevNs)
    $Writer.WriteElementString('maml', 'name', $MamlNs, $type.FullName)
    $Writer.WriteElementString('maml', 'uri', $MamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $DevNs, ($DefaultValue ? $DefaultValue : ($type.IsSwitch ? 'False' : 'None')))
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Command, $Help)
    $Writer.WriteStartElement('command', 'command', $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $DevNs)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $null, $MSHelpNs)

    $Writer.WriteStartElement('command', 'details', $CommandNs)
    $Writer.WriteElementString('command', 'name', $CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNs, $Command.Noun)
    Write-Paragraphs $Writer $Help.Synopsis
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $CommandNs)
    $sets = @($Command.Sets.Where({ $_.IsDefault })) + @($Command.Sets.Where({ -not $_.IsDefault }))
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $Command.Name)
        # As PowerShell orders syntax: positional parameters by position, then mandatory ones, then the rest.
        $positional = [object[]]@($set.Parameters.Where({ $_.Position -ge 0 }))
        $positions = [int[]]@($positional.ForEach({ $_.Position }))
        [array]::Sort($positions, $positional)
        $ordered = $positional + @($set.Parameters.Where({ $_.Position -lt 0 -and $_.Mandatory })) + @($set.Parameters.Where({ $_.Position -lt 0 -and -not $_.Mandatory }))
        foreach ($usage in $ordered) {
            $name = $usage.Name
            Write-Parameter $Writer $Command.Parameters[$name] @($usage) @() $Help.Parameters[$name].Default $true
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # An empty <command:parameters/> makes Get-Help -Full fall back to dumping the raw object.
    if ($Command.Parameters.Count) { $Writer.WriteStartElement('command', 'parameters', $CommandNs) }
    # Alphabetical, as in PowerShell's own help, with -WhatIf and -Confirm last.
    $last = @('WhatIf', 'Confirm')
    $names = [string[]]@($Command.Parameters.Keys.Where({ $last -notcontains $_ }))
    [array]::Sort($names, [System.StringComparer]::OrdinalIgnoreCase)
    $names += @($last.Where({ $Command.Parameters.Contains($_) }))
    foreach ($name in $names) {
        $usages = @(foreach ($set in $Command.Sets) { foreach ($usage in $set.Parameters) { if ($usage.Name -eq $name) { $usage } } })
        $text = $Help.Parameters[$name]
        Write-Parameter $Writer $Command.Parameters[$name] $usages $text.Paragraphs $text.Default $false
    }
    if ($Command.Parameters.Count) { $Writer.WriteEndElement() }

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Items = $Help.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Items = $Help.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $CommandNs)
        foreach ($type in $kind.Items) {
            $Writer.WriteStartElement('command', $kind.Item, $CommandNs)
            $Writer.WriteStartElement('dev', 'type', $DevNs)
            $Writer.WriteElementString('maml', 'name', $MamlNs, $type.Name)
            $Writer.WriteEndElement()
            Write-Paragraphs $Writer $type.Paragraphs
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Help.Notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $MamlNs)
        $Writer.WriteStartElement('maml', 'alert', $MamlNs)
        foreach ($paragraph in $Help.Notes) { $Writer.WriteElementString('maml', 'para', $MamlNs, $paragraph) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $CommandNs)
    $number = 0
    foreach ($example in $Help.Examples) {
        $number++
        $Writer.WriteStartElement('command', 'example', $CommandNs)
        $Writer.WriteElementString('maml', 'title', $MamlNs, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNs)
        foreach ($paragraph in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $MamlNs, $paragraph) }
        # Sets the next example's title apart from these remarks.
        $Writer.WriteElementString('maml', 'para', $MamlNs, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNs)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

#region Help text of one cmdlet

function Get-ParameterText($items, [string] $path) {
    $parameters = @{}
    foreach ($item in $items) {
        if ($item.Title -notmatch '^-(\w+)$') { throw "${path}: the parameter heading '### $($item.Title)' must read '### -Name'." }
        $name = $Matches[1]
        $paragraphs = [System.Collections.Generic.List[string]]::new([string[]]@(Get-Paragraph $item.Lines))
        $default = $null
        # 'Default value: ...' as a paragraph of its own feeds Get-Help's 'Default value' field.
        for ($i = $paragraphs.Count - 1; $i -ge 0; $i--) {
            if ($paragraphs[$i] -match '^Default value:\s*(.+)$') { $default = $Matches[1]; $paragraphs.RemoveAt($i) }
        }
        $parameters[$name] = @{ Paragraphs = $paragraphs.ToArray(); Default = $default }
    }
    $parameters
}

function Read-CommandHelp([string] $path, $shared) {
    $document = ConvertFrom-HelpMarkdown $path
    $sections = $document.Sections
    $section = { param($name) if ($sections.Contains($name)) { $sections[$name] } else { $null } }
    $text = { param($name) $s = & $section $name; if ($s) { Get-Paragraph $s.Lines } }

    $parameters = @{}
    foreach ($entry in $shared.GetEnumerator()) { $parameters[$entry.Key] = $entry.Value }
    $own = & $section 'Parameters'
    $ownNames = @()
    if ($own) {
        $ownParameters = Get-ParameterText $own.Items $path
        $ownNames = @($ownParameters.Keys)
        foreach ($entry in $ownParameters.GetEnumerator()) { $parameters[$entry.Key] = $entry.Value }
    }

    $examples = foreach ($item in (& $section 'Examples')?.Items) {
        $blocks = @(Split-Block $item.Lines)
        $codeIndex = [array]::FindIndex($blocks, [Predicate[object]] { param($b) $b.Kind -eq 'Code' })
        if ($codeIndex -lt 0) { throw "${path}: '$($item.Title)' has no code block." }
        @{
            Title   = $item.Title
            Code    = $blocks[$codeIndex].Text
            Remarks = @(for ($i = 0; $i -lt $blocks.Count; $i++) { if ($i -ne $codeIndex) { $blocks[$i].Text } })
        }
    }

    $types = {
        param($name)
        foreach ($item in (& $section $name)?.Items) { @{ Name = $item.Title; Paragraphs = @(Get-Paragraph $item.Lines) } }
    }

    $links = foreach ($line in (& $section 'Related Links')?.Lines) {
        if ($line -match '^\s*[-*]\s+\[([^\]]+)\]\(([^)]*)\)\s*$') { @{ Text = $Matches[1]; Uri = $Matches[2] } }
        elseif ($line -match '^\s*[-*]\s+(.+?)\s*$') { @{ Text = $Matches[1]; Uri = '' } }
    }

    @{
        Name        = $document.Name
        Synopsis    = @(& $text 'Synopsis')
        Description = @(& $text 'Description')
        Parameters  = $parameters
        OwnNames    = $ownNames
        Examples    = @($examples)
        Inputs      = @(& $types 'Inputs')
        Outputs     = @(& $types 'Outputs')
        Notes       = @(& $text 'Notes')
        Links       = @($links)
    }
}

#endregion

$commands = Get-CommandMetadata $ManifestPath
$sharedPath = Join-Path $SourcePath $SharedParametersFile
$shared = if (Test-Path $sharedPath) { Get-ParameterText ((ConvertFrom-HelpMarkdown $sharedPath).Sections['Parameters'].Items) $sharedPath } else { @{} }
$helps = @{}
foreach ($file in Get-ChildItem $SourcePath -Filter *.md) {
    if ($NotCmdletFiles -notcontains $file.Name) { $helps[$file.BaseName] = Read-CommandHelp $file.FullName $shared }
}

$problems = [System.Collections.Generic.List[string]]::new()
foreach ($command in $commands) {
    $help = $helps[$command.Name]
    if (-not $help) { $problems.Add("$($command.Name): no help file ($(Join-Path $SourcePath "$($command.Name).md"))."); continue }
    if ($help.Name -ne $command.Name) { $problems.Add("$($command.Name).md: the title is '# $($help.Name)', not '# $($command.Name)'.") }
    if (-not ($help.Synopsis -join '').Trim()) { $problems.Add("$($command.Name): no synopsis.") }
    if (-not ($help.Description -join '').Trim()) { $problems.Add("$($command.Name): no description.") }
    foreach ($name in $command.Parameters.Keys) {
        $text = $help.Parameters[$name]
        if (-not $text -or -not ($text.Paragraphs -join '').Trim()) { $problems.Add("$($command.Name): the parameter -$name has no help text.") }
    }
    foreach ($name in $help.OwnNames) {
        if (-not $command.Parameters.Contains($name)) { $problems.Add("$($command.Name): the help describes -$name, which the cmdlet does not have.") }
    }
    if ($help.Examples.Count -eq 0) { $problems.Add("$($command.Name): no example.") }
}
foreach ($name in $helps.Keys) {
    if ($commands.Name -notcontains $name) { $problems.Add("${name}.md: no exported cmdlet is named $name.") }
}
if ($problems.Count) { throw "The help is incomplete:`n  " + ($problems -join "`n  ") }

New-Item -ItemType Directory -Force $OutputPath | Out-Null
$mamlPath = Join-Path $OutputPath 'AccessToken.dll-Help.xml'
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', $MshNs)
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) { Write-CommandHelp $writer $command $helps[$command.Name] }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }

foreach ($about in Get-ChildItem $SourcePath -Filter 'about_*.help.txt') { Copy-Item $about.FullName $OutputPath }
Write-Host "Help: $mamlPath ($($commands.Count) cmdlets)"
