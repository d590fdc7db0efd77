#Requires -Version 7.2
# The MAML help file Get-Help reads, written from the cmdlets' metadata and their help text.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

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

function Write-MamlHelp {
    <# Writes the MAML file of the cmdlets, in their order, each with its help by name. #>
    param([string] $Path, $Commands, [hashtable] $Helps)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $MshNs)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $Commands) { Write-CommandHelp $writer $command $Helps[$command.Name] }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
}

Export-ModuleMember -Function Write-MamlHelp
