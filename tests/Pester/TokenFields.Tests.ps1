# The fields New- and Set-AccessToken both send under today's API (1.30): -DefaultRole in lower
# case, field values sent as given, and the fields an owner or an API version does not take
# refused for their input alone, naming the field, before any request. Also: -WhatIf with the
# parameters of today's API. The fields each cmdlet sends, and what the API answers it, are tested
# in its own suite (New-, Set-, Remove-AccessToken.Tests.ps1).
BeforeAll {
    # Today's API, whatever the environment says; AfterAll gives the environment back.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -NoConnection
    $script:Refusal = @{ ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue' }

    $script:App = Get-EmulatorSeedId 1 -Kind Application
    $script:AppToken = Get-EmulatorSeedId 1 -Kind ApplicationToken
    $script:UserToken = Get-EmulatorSeedId 2

    # One error per refused input, in order: ErrorId, category, target, the field named; nothing sent.
    function Assert-FieldRefused($Failures, [string] $ErrorId, [string] $Cmdlet, [string] $Field, [string[]] $Targets) {
        Assert-Refused $Failures -ErrorId $ErrorId -Cmdlet $Cmdlet -Target $Targets
        for ($i = 0; $i -lt $Targets.Count; $i++) {
            $Failures[$i].Exception.Message | Should -BeLike "*-$Field ($($Field.Substring(0, 1).ToLowerInvariant() + $Field.Substring(1)))*"
        }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'DefaultRole <Given>' -ForEach @(
    @{ Given = 'ADMIN'; Sent = 'admin' }
    @{ Given = 'Edit'; Sent = 'edit' }
    @{ Given = 'colLABorate'; Sent = 'collaborate' }
    @{ Given = 'VIEW'; Sent = 'view' }
    @{ Given = 'None'; Sent = 'none' }
) {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Is_sent_in_lower_case_by_New_AccessToken' {
        New-AccessToken -Name 'n' -DefaultRole $Given @Connection | Out-Null

        Assert-OnlyRequest POST '/me/tokens' "{`"name`":`"n`",`"defaultRole`":`"$Sent`"}"
    }

    It 'Is_sent_in_lower_case_by_Set_AccessToken_and_stored' {
        Set-AccessToken -Id $script:UserToken -DefaultRole $Given @Connection

        Assert-OnlyRequest PATCH "/me/tokens/$($script:UserToken)" "{`"defaultRole`":`"$Sent`"}"
        (Get-StoredToken $script:Emulator $script:UserToken -Collection '/me/tokens').defaultRole | Should -BeExactly $Sent
    }
}

Describe 'Field values' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'A_description_with_quotes_line_breaks_and_accents_arrives_as_given' {
        $description = "Line one `"quoted`"`nLine two: caf$([char]0xE9), $([char]0xDC)n$([char]0xEF)code, tab`there"

        $created = New-AccessToken -Name 'n' -Description $description @Connection
        Set-AccessToken -Id $script:UserToken -Description $description @Connection

        (Get-StoredToken $script:Emulator $created.Id -Collection '/me/tokens').description | Should -BeExactly $description
        (Get-StoredToken $script:Emulator $script:UserToken -Collection '/me/tokens').description | Should -BeExactly $description
        $created.Description | Should -BeExactly $description
    }

    It 'A_description_of_32767_characters_is_sent_whole_and_one_more_is_refused_by_binding' {
        $longest = 'd' * 32767

        Set-AccessToken -Id $script:UserToken -Description $longest @Connection
        { Set-AccessToken -Id $script:UserToken -Description ($longest + 'd') @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.SetAccessTokenCommand'
        { New-AccessToken -Name 'n' -Description ($longest + 'd') @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.NewAccessTokenCommand'

        Assert-OnlyRequest PATCH "/me/tokens/$($script:UserToken)" "{`"description`":`"$longest`"}"
    }

    It 'A_default_role_the_API_does_not_know_is_refused_by_binding' {
        { New-AccessToken -Name 'n' -DefaultRole owner @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.NewAccessTokenCommand'
        { Set-AccessToken -Id $script:UserToken -DefaultRole owner @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.SetAccessTokenCommand'

        (Get-Request).Count | Should -Be 0
    }
}

Describe 'Fields refused before any request' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Before = Get-CurrentStore $script:Emulator
    }

    It 'DefaultRole_for_a_new_application_token_is_FieldNotAccepted' {
        $output = @([pscustomobject]@{ Name = 'app'; ApplicationId = $script:App; DefaultRole = 'view' },
            [pscustomobject]@{ Name = 'mine'; DefaultRole = 'view' } | New-AccessToken @Connection @Refusal)

        Assert-FieldRefused $failures -ErrorId FieldNotAccepted -Cmdlet New-AccessToken -Field DefaultRole -Targets 'app'
        $output.Name | Should -Be 'mine'
        Assert-OnlyRequest POST '/me/tokens' '{"name":"mine","defaultRole":"view"}'
    }

    It 'DefaultRole_for_application_tokens_by_id_is_FieldNotAccepted_for_each' {
        Set-AccessToken -Id $script:AppToken, (Get-EmulatorSeedId 2 -Kind ApplicationToken) -ApplicationId $script:App -DefaultRole view @Connection @Refusal

        Assert-FieldRefused $failures -ErrorId FieldNotAccepted -Cmdlet Set-AccessToken -Field DefaultRole -Targets $script:AppToken, (Get-EmulatorSeedId 2 -Kind ApplicationToken)
        (Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $script:Before
    }

    It 'DefaultRole_for_a_piped_application_token_is_FieldNotAccepted_and_the_user_token_beside_it_is_patched' {
        $tokens = @(Get-AccessToken -ApplicationId $script:App -Id $script:AppToken @Connection) + @(Get-AccessToken -Id $script:UserToken @Connection)
        Clear-EmulatorRequest $script:Emulator

        $tokens | Set-AccessToken -DefaultRole VIEW @Connection @Refusal

        Assert-FieldRefused $failures -ErrorId FieldNotAccepted -Cmdlet Set-AccessToken -Field DefaultRole -Targets $script:AppToken
        Assert-OnlyRequest PATCH "/me/tokens/$($script:UserToken)" '{"defaultRole":"view"}'
    }

    It '<Field>_under_API_1_3_7_is_NotSupportedByApiVersion_for_<Cmdlet>' -ForEach @(
        @{ Cmdlet = 'New-AccessToken'; Field = 'Description'; Value = 'd'; Targets = 'a', 'b'
            Invoke = { param([hashtable] $More) [pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' } | New-AccessToken @More }
        }
        @{ Cmdlet = 'New-AccessToken'; Field = 'DefaultRole'; Value = 'view'; Targets = 'a', 'b'
            Invoke = { param([hashtable] $More) [pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' } | New-AccessToken @More }
        }
        @{ Cmdlet = 'Set-AccessToken'; Field = 'Description'; Value = 'd'; Targets = '5a0000000000000000000001', '5a0000000000000000000002'
            Invoke = { param([hashtable] $More) Set-AccessToken -Id 5a0000000000000000000001, 5a0000000000000000000002 @More }
        }
        @{ Cmdlet = 'Set-AccessToken'; Field = 'DefaultRole'; Value = 'view'; Targets = '5a0000000000000000000001', '5a0000000000000000000002'
            Invoke = { param([hashtable] $More) Set-AccessToken -Id 5a0000000000000000000001, 5a0000000000000000000002 -Name 'n' @More }
        }
    ) {
        $output = @(. $Invoke (@{ $Field = $Value; ApiVersion = '1.3.7' } + $Connection + $Refusal))

        $output.Count | Should -Be 0
        Assert-FieldRefused $failures -ErrorId NotSupportedByApiVersion -Cmdlet $Cmdlet -Field $Field -Targets $Targets
        $failures[0].Exception.Message | Should -BeLike '*1.3.7*'
        (Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $script:Before
    }
}

Describe '-WhatIf with the parameters of today''s API' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Before = Get-CurrentStore $script:Emulator
    }

    It '<Case>_sends_nothing_and_emits_nothing' -ForEach @(
        @{ Case = 'New_AccessToken_ApplicationId_Description'
            Invoke = { New-AccessToken -Name 'n' -ApplicationId 5b0000000000000000000001 -Description 'd' -Scope 'all.Application' -WhatIf @Connection }
        }
        @{ Case = 'New_AccessToken_InstanceId_DefaultRole'
            Invoke = { New-AccessToken -Name 'n' -InstanceId 5d0000000000000000000001 -DefaultRole admin -WhatIf @Connection }
        }
        @{ Case = 'Set_AccessToken_ApplicationId_Description'
            Invoke = { Set-AccessToken -Id 5c0000000001000000000001 -ApplicationId 5b0000000000000000000001 -Description 'd' -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Set_AccessToken_InstanceId_DefaultRole'
            Invoke = { Set-AccessToken -Id 5e0000000001000000000001 -InstanceId 5d0000000000000000000001 -DefaultRole none -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Remove_AccessToken_ApplicationId_Force'
            Invoke = { Remove-AccessToken -Id 5c0000000001000000000001 -ApplicationId 5b0000000000000000000001 -Force -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Piped_application_tokens_into_Set_AccessToken_Description'
            Invoke = { Get-AccessToken -ApplicationId 5b0000000000000000000001 @Connection | Set-AccessToken -Description 'd' -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Piped_instance_tokens_into_Remove_AccessToken_Force'
            Invoke = { Get-AccessToken -InstanceId 5d0000000000000000000001 @Connection | Remove-AccessToken -Force -WhatIf -PassThru @Connection }
        }
    ) {
        $output = @(& $Invoke)

        $output.Count | Should -Be 0
        @(Get-Request | Where-Object method -NE 'GET').Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $script:Before
    }
}
