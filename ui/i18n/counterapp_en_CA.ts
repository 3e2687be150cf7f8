<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_CA">
<context>
    <name>Desk</name>
    <message numerus="yes">
        <source>%n line(s), total %1.</source>
        <translation>
            <numerusform>%n line, total %1.</numerusform>
            <numerusform>%n lines, total %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EndOfDayDialog</name>
    <message numerus="yes">
        <source>%n shift(s) still open.</source>
        <translation>
            <numerusform>%n shift still open.</numerusform>
            <numerusform>%n shifts still open.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GreeterWindow</name>
    <message numerus="yes">
        <source>%n ahead</source>
        <translation>
            <numerusform>%n ahead</numerusform>
            <numerusform>%n ahead</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n associate(s) serving</source>
        <translation>
            <numerusform>%n associate serving</numerusform>
            <numerusform>%n associates serving</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KnowledgeDialog</name>
    <message numerus="yes">
        <source>%n article(s) found.</source>
        <translation>
            <numerusform>%n article found.</numerusform>
            <numerusform>%n articles found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServiceError</name>
    <message numerus="yes">
        <source>Recall {label} %n time(s) before marking a no-show (recalled {recalls} so far).</source>
        <translation>
            <numerusform>Recall {label} %n time before marking a no-show (recalled {recalls} so far).</numerusform>
            <numerusform>Recall {label} %n times before marking a no-show (recalled {recalls} so far).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message numerus="yes">
        <source>Head office: offline since %1, %n waiting — %2</source>
        <translation>
            <numerusform>Head office: offline since %1, %n waiting — %2</numerusform>
            <numerusform>Head office: offline since %1, %n waiting — %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Head office: error, %n waiting — %1</source>
        <translation>
            <numerusform>Head office: error, %n waiting — %1</numerusform>
            <numerusform>Head office: error, %n waiting — %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Head office: %n waiting</source>
        <translation>
            <numerusform>Head office: %n waiting</numerusform>
            <numerusform>Head office: %n waiting</numerusform>
        </translation>
    </message>
</context>
</TS>
